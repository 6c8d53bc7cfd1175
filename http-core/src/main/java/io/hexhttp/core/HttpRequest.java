package io.hexhttp.core;

import io.hexhttp.core.internal.Ascii;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request: method, target, version, header fields and body. Immutable; {@code with...}
 * methods return modified copies.
 *
 * <p>Build one in a test with {@code HttpRequest.get("/echo/hi").withHeader("User-Agent", "x")} or
 * {@link #builder(Method, String)}.
 */
public final class HttpRequest {
  private final Method method;
  private final String target;
  private final String path;
  private final String query;
  private final Version version;
  private final Headers headers;
  private final Body body;
  private final Map<String, String> pathParams;
  private final String peer;
  private final String scheme;
  private final TlsInfo tls; // null over plain TCP
  private Parameters queryParams; // parsed on first use; racy on purpose (same result each time)
  private Map<String, String> cookies;

  private HttpRequest(
      Method method,
      String target,
      String path,
      String query,
      Version version,
      Headers headers,
      Body body,
      Map<String, String> pathParams,
      String peer,
      String scheme,
      TlsInfo tls) {
    this.method = method;
    this.target = target;
    this.path = path;
    this.query = query;
    this.version = version;
    this.headers = headers;
    this.body = body;
    this.pathParams = pathParams;
    this.peer = peer;
    this.scheme = scheme;
    this.tls = tls;
  }

  /**
   * Creates a request; {@code path} and {@code query} are the parts of the request target the
   * routing uses (the path still percent-encoded, the query without its {@code ?}, or null), and
   * {@code peer} the client's address, or null. Used by the parser, which has already checked each
   * part.
   *
   * @param method the method
   * @param target the request target
   * @param path the path
   * @param query the query, without its ?, or null
   * @param version the protocol version
   * @param headers the header fields
   * @param body the body
   * @param peer the client's address, or null
   * @return the request
   */
  public static HttpRequest of(
      Method method,
      String target,
      String path,
      String query,
      Version version,
      Headers headers,
      Body body,
      String peer) {
    return new HttpRequest(
        Objects.requireNonNull(method),
        Objects.requireNonNull(target),
        Objects.requireNonNull(path),
        query,
        Objects.requireNonNull(version),
        Objects.requireNonNull(headers),
        Objects.requireNonNull(body),
        Map.of(),
        peer,
        "http",
        null);
  }

  /**
   * A builder for a request with this method and origin-form target ({@code /path?query}).
   *
   * @param method the method
   * @param target the request target
   * @return a builder for a request with this method and origin-form target ({@code /path?query})
   */
  public static Builder builder(Method method, String target) {
    return new Builder(method, target);
  }

  /**
   * An HTTP/1.1 GET request for {@code target}, without header fields.
   *
   * @param target the request target
   * @return an HTTP/1.1 GET request for {@code target}, without header fields
   */
  public static HttpRequest get(String target) {
    return builder(Method.GET, target).build();
  }

  /**
   * An HTTP/1.1 POST request for {@code target} with {@code body}.
   *
   * @param target the request target
   * @param body the body
   * @return an HTTP/1.1 POST request for {@code target} with {@code body}
   */
  public static HttpRequest post(String target, Body body) {
    return builder(Method.POST, target).body(body).build();
  }

  /**
   * The method.
   *
   * @return the method
   */
  public Method method() {
    return method;
  }

  /**
   * The request target exactly as received, e.g. {@code /echo/a%20b?x=1}.
   *
   * @return the request target exactly as received, e.g
   */
  public String target() {
    return target;
  }

  /**
   * The path of the target, still percent-encoded, without the query. Never empty.
   *
   * @return the path of the target, still percent-encoded, without the query
   */
  public String path() {
    return path;
  }

  /**
   * The query of the target, without the {@code ?}.
   *
   * @return the query of the target, without the {@code ?}
   */
  public Optional<String> query() {
    return Optional.ofNullable(query);
  }

  /**
   * The protocol version.
   *
   * @return the protocol version
   */
  public Version version() {
    return version;
  }

  /**
   * The header fields.
   *
   * @return the header fields
   */
  public Headers headers() {
    return headers;
  }

  /**
   * The first value of a header field, as {@link HttpResponse#header} has it.
   *
   * @param name the field's name, any case
   * @return its first value, or null when absent
   */
  public String header(String name) {
    return headers.firstOrNull(name);
  }

  /**
   * The query's parameters, decoded, in order ({@code ?tag=a&tag=b&q=x+y}).
   *
   * @return the parameters; empty when there is no query
   * @throws HttpException 400 when the query has a malformed percent-escape
   */
  public Parameters queryParams() {
    Parameters p = queryParams;
    if (p == null) {
      p = Parameters.parse(query);
      queryParams = p;
    }
    return p;
  }

  /**
   * The cookies the request carries ({@code Cookie}, RFC 6265 §5.4).
   *
   * @return name to value, in order; the first of a repeated name
   */
  public Map<String, String> cookies() {
    Map<String, String> c = cookies;
    if (c == null) {
      c = Cookies.parse(headers);
      cookies = c;
    }
    return c;
  }

  /**
   * One cookie's value.
   *
   * @param name the cookie's name
   * @return its value, or empty when the request has no such cookie
   */
  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies().get(name));
  }

  /**
   * The scheme the client used: {@code http}, or what a trusted proxy reported ({@code Forwarded:
   * proto=https}).
   *
   * @return the scheme, in lower case
   */
  public String scheme() {
    return scheme;
  }

  /**
   * This request as made with another scheme; the transport sets it from a trusted proxy's word.
   *
   * @param newScheme e.g. {@code https}
   * @return the copy
   */
  public HttpRequest withScheme(String newScheme) {
    return new HttpRequest(
        method,
        target,
        path,
        query,
        version,
        headers,
        body,
        pathParams,
        peer,
        newScheme.toLowerCase(Locale.ROOT),
        tls);
  }

  /**
   * What the TLS connection this request came on negotiated, if it came on one.
   *
   * @return the TLS facts, or empty over plain TCP
   */
  public Optional<TlsInfo> tls() {
    return Optional.ofNullable(tls);
  }

  /**
   * This request as received over TLS: the transport stamps it, scheme {@code https}.
   *
   * @param info what the connection negotiated
   * @return the copy
   */
  public HttpRequest withTls(TlsInfo info) {
    return new HttpRequest(
        method, target, path, query, version, headers, body, pathParams, peer, "https", info);
  }

  /**
   * The body; {@link Body#empty()} when the request has none.
   *
   * @return the body; {@link Body#empty()} when the request has none
   */
  public Body body() {
    return body;
  }

  /**
   * Parameters the router bound from the path pattern, percent-decoded.
   *
   * @return the parameters by name
   */
  public Map<String, String> pathParams() {
    return pathParams;
  }

  /**
   * The path parameter {@code name}.
   *
   * @throws IllegalArgumentException if the matched route has no such parameter
   * @param name the name
   * @return the path parameter {@code name}
   */
  public String pathParam(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "no path parameter " + name + " in " + pathParams.keySet());
    }
    return v;
  }

  /**
   * Whether the connection may carry further requests after this one (RFC 9112 §9.3): HTTP/1.1
   * unless {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}.
   *
   * @return whether the connection may carry further requests after this one (RFC 9112 §9.3):
   *     HTTP/1.1 unless {@code Connection: close}; HTTP/1.0 only with {@code Connection:
   *     keep-alive}
   */
  public boolean isKeepAlive() {
    String c = headers.firstOrNull("Connection");
    if (c == null) {
      return version == Version.HTTP_1_1;
    }
    if (version == Version.HTTP_1_1) {
      return !headers.hasElement("Connection", "close");
    }
    return headers.hasElement("Connection", "keep-alive")
        && !headers.hasElement("Connection", "close");
  }

  /**
   * This request with other header fields.
   *
   * @param newHeaders the new header fields
   * @return this request with other header fields
   */
  public HttpRequest withHeaders(Headers newHeaders) {
    return new HttpRequest(
        method, target, path, query, version, newHeaders, body, pathParams, peer, scheme, tls);
  }

  /**
   * This request with one more header field.
   *
   * @param name the name
   * @param value the value
   * @return this request with one more header field
   */
  public HttpRequest withHeader(String name, String value) {
    return withHeaders(headers.with(name, value));
  }

  /**
   * This request with another body.
   *
   * @param newBody the new body
   * @return this request with another body
   */
  public HttpRequest withBody(Body newBody) {
    return new HttpRequest(
        method,
        target,
        path,
        query,
        version,
        headers,
        Objects.requireNonNull(newBody),
        pathParams,
        peer,
        scheme,
        tls);
  }

  /**
   * This request with another method (the router uses it to serve HEAD with a GET route).
   *
   * @param newMethod the new method
   * @return this request with another method (the router uses it to serve HEAD with a GET route)
   */
  public HttpRequest withMethod(Method newMethod) {
    return new HttpRequest(
        Objects.requireNonNull(newMethod),
        target,
        path,
        query,
        version,
        headers,
        body,
        pathParams,
        peer,
        scheme,
        tls);
  }

  /**
   * This request with the given path parameters.
   *
   * @param params the parameters
   * @return this request with the given path parameters
   */
  public HttpRequest withPathParams(Map<String, String> params) {
    return new HttpRequest(
        method, target, path, query, version, headers, body, Map.copyOf(params), peer, scheme, tls);
  }

  /**
   * The address of the client that sent the request (an IP address), if the transport knows.
   *
   * @return the address of the client that sent the request (an IP address), if the transport knows
   */
  public Optional<String> peer() {
    return Optional.ofNullable(peer);
  }

  /**
   * This request as received from {@code address}; the transport sets it.
   *
   * @param address the client's address
   * @return this request as received from {@code address}; the transport sets it
   */
  public HttpRequest withPeer(String address) {
    return new HttpRequest(
        method, target, path, query, version, headers, body, pathParams, address, scheme, tls);
  }

  @Override
  public String toString() {
    return method + " " + Ascii.escape(target) + " " + version;
  }

  /** Builds requests, mostly for tests. */
  public static final class Builder {
    private final Method method;
    private final String target;
    private Version version = Version.HTTP_1_1;
    private final Headers.Builder headers = Headers.builder();
    private Body body = Body.empty();

    private Builder(Method method, String target) {
      this.method = Objects.requireNonNull(method);
      this.target = Objects.requireNonNull(target);
      if (!target.startsWith("/") && !target.equals("*")) {
        throw new IllegalArgumentException("the target must be in origin form: " + target);
      }
    }

    /**
     * Sets the version (HTTP/1.1 by default).
     *
     * @param v the value
     * @return this builder
     */
    public Builder version(Version v) {
      this.version = Objects.requireNonNull(v);
      return this;
    }

    /**
     * Adds a header field.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /**
     * Sets the body.
     *
     * @param b the value
     * @return this builder
     */
    public Builder body(Body b) {
      this.body = Objects.requireNonNull(b);
      return this;
    }

    /**
     * Sets a UTF-8 text body.
     *
     * @param text the text
     * @return this builder
     */
    public Builder body(String text) {
      return body(Body.of(text));
    }

    /**
     * The request.
     *
     * @return the request
     */
    public HttpRequest build() {
      int q = target.indexOf('?');
      String p = q < 0 ? target : target.substring(0, q);
      String query = q < 0 ? null : target.substring(q + 1);
      return new HttpRequest(
          method, target, p, query, version, headers.build(), body, Map.of(), null, "http", null);
    }
  }
}

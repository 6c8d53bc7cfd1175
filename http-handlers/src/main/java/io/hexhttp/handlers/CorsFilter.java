package io.hexhttp.handlers;

import io.hexhttp.core.Body;
import io.hexhttp.core.Filter;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol): answers preflights ({@code
 * OPTIONS} with {@code Access-Control-Request-Method}) itself, and adds {@code
 * Access-Control-Allow-Origin} (with {@code Vary: Origin}) to the answers for allowed origins. A
 * request from an origin that is not allowed passes through without any CORS field, so the browser
 * keeps its response from the page; a preflight from one is answered 403.
 *
 * <pre>{@code
 * CorsFilter cors = CorsFilter.builder().allowOrigins("https://app.example")
 *     .allowMethods("GET", "POST", "DELETE").allowHeaders("Content-Type", "Authorization")
 *     .allowCredentials(true).maxAge(Duration.ofHours(1)).build();
 * }</pre>
 */
public final class CorsFilter implements Filter {
  private final Set<String> origins; // lower-case; empty with anyOrigin
  private final boolean anyOrigin;
  private final Set<String> methods;
  private final Set<String> headers; // lower-case
  private final String exposed;
  private final boolean credentials;
  private final Duration maxAge;

  private CorsFilter(Builder b) {
    this.origins = Set.copyOf(b.origins);
    this.anyOrigin = b.anyOrigin;
    this.methods =
        Collections.unmodifiableSet(new LinkedHashSet<>(b.methods)); // in the order given
    this.headers = Set.copyOf(b.headers);
    this.exposed = String.join(", ", b.exposed);
    this.credentials = b.credentials;
    this.maxAge = b.maxAge;
  }

  /**
   * A builder; by default no origin is allowed, the methods are GET, HEAD and POST, no request
   * header beyond the CORS-safelisted ones, no credentials, no {@code Max-Age}.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private boolean allowed(String origin) {
    return origin != null && (anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT)));
  }

  @Override
  public HttpResponse filter(HttpRequest request, HttpHandler next) throws IOException {
    String origin = request.header("Origin");
    String asked = request.header("Access-Control-Request-Method");
    if (origin != null && asked != null && request.method().equals(Method.OPTIONS)) {
      return preflight(request, origin, asked);
    }
    HttpResponse response = next.handle(request);
    Headers h = response.headers();
    if (!anyOrigin || credentials) {
      h = h.hasElement("Vary", "Origin") ? h : h.with("Vary", "Origin"); // the answer depends on it
    }
    if (allowed(origin)) {
      h = h.withReplaced("Access-Control-Allow-Origin", anyOrigin && !credentials ? "*" : origin);
      if (credentials) {
        h = h.withReplaced("Access-Control-Allow-Credentials", "true");
      }
      if (!exposed.isEmpty()) {
        h = h.withReplaced("Access-Control-Expose-Headers", exposed);
      }
    }
    return h == response.headers() ? response : response.withHeaders(h);
  }

  private HttpResponse preflight(HttpRequest request, String origin, String asked) {
    Headers vary =
        Headers.of("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    if (!allowed(origin) || !methods.contains(asked.strip())) {
      return HttpResponse.of(Status.FORBIDDEN, vary, Body.empty());
    }
    String requested = request.header("Access-Control-Request-Headers");
    if (requested != null) {
      for (String name : requested.split(",")) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (!n.isEmpty() && !headers.contains(n)) {
          return HttpResponse.of(Status.FORBIDDEN, vary, Body.empty());
        }
      }
    }
    Headers h =
        vary.with("Access-Control-Allow-Origin", anyOrigin && !credentials ? "*" : origin)
            .with("Access-Control-Allow-Methods", String.join(", ", methods));
    if (requested != null && !requested.isBlank()) {
      h = h.with("Access-Control-Allow-Headers", requested.strip());
    }
    if (credentials) {
      h = h.with("Access-Control-Allow-Credentials", "true");
    }
    if (maxAge != null) {
      h = h.with("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()));
    }
    return HttpResponse.of(Status.NO_CONTENT, h, Body.empty());
  }

  /** Configures a {@link CorsFilter}. */
  public static final class Builder {
    private final Set<String> origins = new LinkedHashSet<>();
    private boolean anyOrigin;
    private final Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "POST"));
    private final Set<String> headers = new LinkedHashSet<>();
    private final Set<String> exposed = new LinkedHashSet<>();
    private boolean credentials;
    private Duration maxAge;

    private Builder() {}

    /**
     * The origins allowed, exactly as browsers send them ({@code https://app.example:8443}).
     *
     * @param allowed the origins
     * @return this builder
     */
    public Builder allowOrigins(String... allowed) {
      for (String o : allowed) {
        origins.add(o.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Allows every origin ({@code *}; with credentials, the request's own origin is echoed).
     *
     * @return this builder
     */
    public Builder allowAnyOrigin() {
      anyOrigin = true;
      return this;
    }

    /**
     * The methods a preflight may ask for (replacing GET, HEAD, POST).
     *
     * @param allowed e.g. {@code "GET", "PUT", "DELETE"}
     * @return this builder
     */
    public Builder allowMethods(String... allowed) {
      methods.clear();
      methods.addAll(List.of(allowed));
      return this;
    }

    /**
     * The request header fields a preflight may ask for.
     *
     * @param allowed e.g. {@code "Content-Type", "Authorization"}
     * @return this builder
     */
    public Builder allowHeaders(String... allowed) {
      for (String h : allowed) {
        headers.add(h.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * The response header fields scripts may read beyond the safelisted ones.
     *
     * @param names e.g. {@code "ETag", "X-Request-Id"}
     * @return this builder
     */
    public Builder exposeHeaders(String... names) {
      exposed.addAll(List.of(names));
      return this;
    }

    /**
     * Whether cookies and credentials may be sent ({@code Access-Control-Allow-Credentials}).
     *
     * @param allow true to allow
     * @return this builder
     */
    public Builder allowCredentials(boolean allow) {
      credentials = allow;
      return this;
    }

    /**
     * How long a browser may cache a preflight's answer.
     *
     * @param age the duration
     * @return this builder
     */
    public Builder maxAge(Duration age) {
      maxAge = Objects.requireNonNull(age);
      return this;
    }

    /**
     * The filter.
     *
     * @return the filter
     */
    public CorsFilter build() {
      return new CorsFilter(this);
    }
  }
}

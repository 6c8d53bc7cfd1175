package io.hexhttp.core;

import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP response: status, header fields and body. Immutable; {@code with...} methods return
 * modified copies.
 *
 * <p>Framing is not the handler's business: the encoder writes {@code Content-Length} (or chunked
 * coding) from the body, and {@code Connection} from the connection's state, and ignores such
 * fields set here.
 */
public final class HttpResponse {
  private static final Headers TEXT_PLAIN = Headers.of("Content-Type", "text/plain");

  private final Status status;
  private final Headers headers;
  private final Body body;
  private final Throwable failure;

  private HttpResponse(Status status, Headers headers, Body body) {
    this(status, headers, body, null);
  }

  private HttpResponse(Status status, Headers headers, Body body, Throwable failure) {
    this.status = Objects.requireNonNull(status);
    this.headers = Objects.requireNonNull(headers);
    this.body = Objects.requireNonNull(body);
    this.failure = failure;
  }

  /**
   * A response with this status, no header fields and no body.
   *
   * @param status the status
   * @return a response with this status, no header fields and no body
   */
  public static HttpResponse of(Status status) {
    return new HttpResponse(status, Headers.empty(), Body.empty());
  }

  /**
   * A response with everything given.
   *
   * @param status the status
   * @param headers the header fields
   * @param body the body
   * @return a response with everything given
   */
  public static HttpResponse of(Status status, Headers headers, Body body) {
    return new HttpResponse(status, headers, body);
  }

  /**
   * 200 OK, no body.
   *
   * @return the response
   */
  public static HttpResponse ok() {
    return of(Status.OK);
  }

  /**
   * 404 Not Found, no body.
   *
   * @return the response
   */
  public static HttpResponse notFound() {
    return of(Status.NOT_FOUND);
  }

  /**
   * 200 OK with a {@code text/plain} UTF-8 body.
   *
   * @param text the text
   * @return the response
   */
  public static HttpResponse text(String text) {
    return new HttpResponse(Status.OK, TEXT_PLAIN, Body.of(text));
  }

  /**
   * The status.
   *
   * @return the status
   */
  public Status status() {
    return status;
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
   * The first value of a header field, or null.
   *
   * @param name the name
   * @return the first value of a header field, or null
   */
  public String header(String name) {
    return headers.firstOrNull(name);
  }

  /**
   * The body.
   *
   * @return the body
   */
  public Body body() {
    return body;
  }

  /**
   * This response with another status.
   *
   * @param newStatus the new status
   * @return this response with another status
   */
  public HttpResponse withStatus(Status newStatus) {
    return new HttpResponse(newStatus, headers, body, failure);
  }

  /**
   * This response with other header fields.
   *
   * @param newHeaders the new header fields
   * @return this response with other header fields
   */
  public HttpResponse withHeaders(Headers newHeaders) {
    if (newHeaders == headers) {
      return this; // immutable: the same headers, the same response
    }
    return new HttpResponse(status, newHeaders, body, failure);
  }

  /**
   * This response with one more header field.
   *
   * @param name the name
   * @param value the value
   * @return this response with one more header field
   */
  public HttpResponse withHeader(String name, String value) {
    return new HttpResponse(status, headers.with(name, value), body, failure);
  }

  /**
   * This response with {@code name} set to {@code value}, replacing any earlier lines.
   *
   * @param name the name
   * @param value the value
   * @return this response with {@code name} set to {@code value}, replacing any earlier lines
   */
  public HttpResponse withHeaderReplaced(String name, String value) {
    return new HttpResponse(status, headers.withReplaced(name, value), body, failure);
  }

  /**
   * This response with one more {@code Set-Cookie} field.
   *
   * @param cookie the cookie to set (or delete, with {@link SetCookie#delete})
   * @return the copy
   */
  public HttpResponse withCookie(SetCookie cookie) {
    return withHeader("Set-Cookie", cookie.toString());
  }

  /**
   * This response with another body.
   *
   * @param newBody the new body
   * @return this response with another body
   */
  public HttpResponse withBody(Body newBody) {
    return new HttpResponse(status, headers, newBody, failure);
  }

  /**
   * What a handler threw that this response answers, when an {@link ErrorResponder} made it from an
   * unexpected exception (not an {@link HttpException}): the transport counts and logs it, while
   * the response goes through the filters like any other.
   *
   * @return the exception, or empty for a response a handler returned
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * This response as the answer to {@code thrown}; {@link ErrorResponder} sets it.
   *
   * @param thrown what the handler threw
   * @return the copy
   */
  public HttpResponse withFailure(Throwable thrown) {
    return new HttpResponse(status, headers, body, Objects.requireNonNull(thrown));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpResponse other
        && other.status.equals(status)
        && other.headers.equals(headers)
        && other.body.equals(body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, body);
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + ", " + headers + ", " + body + "]";
  }
}

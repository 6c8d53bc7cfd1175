package io.hexhttp.core;

import java.util.Objects;

/**
 * A failure that carries the HTTP status to answer with, raised where it is detected (by the
 * parser, a body reader, the router or a handler). The message is ours, never the peer's raw bytes,
 * so it is safe to log and to send back.
 */
public class HttpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Status status;

  /**
   * Creates an exception that answers with {@code status}; {@code message} explains why.
   *
   * @param status the status
   * @param message why, in a sentence
   */
  public HttpException(Status status, String message) {
    super(message, null, false, false);
    this.status = Objects.requireNonNull(status);
  }

  /**
   * The status to answer with.
   *
   * @return the status to answer with
   */
  public Status status() {
    return status;
  }

  /**
   * Shorthand for a 400 Bad Request.
   *
   * @param message why, in a sentence
   * @return the exception
   */
  public static HttpException badRequest(String message) {
    return new HttpException(Status.BAD_REQUEST, message);
  }
}

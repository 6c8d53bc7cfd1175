package io.hexhttp.core;

import java.util.Objects;

/**
 * An HTTP status code with its reason phrase (RFC 9110 §15).
 *
 * <p>The registered codes are interned constants; {@link #of(int)} returns them, and still admits
 * any other three-digit code (with an empty reason phrase), as the status code space is open.
 */
public final class Status {
  private static final Status[] KNOWN = new Status[600];

  /** {@code 100 Continue}. */
  public static final Status CONTINUE = register(100, "Continue");

  /** {@code 101 Switching Protocols}. */
  public static final Status SWITCHING_PROTOCOLS = register(101, "Switching Protocols");

  /** {@code 200 OK}. */
  public static final Status OK = register(200, "OK");

  /** {@code 201 Created}. */
  public static final Status CREATED = register(201, "Created");

  /** {@code 202 Accepted}. */
  public static final Status ACCEPTED = register(202, "Accepted");

  /** {@code 203 Non-Authoritative Information}. */
  public static final Status NON_AUTHORITATIVE_INFORMATION =
      register(203, "Non-Authoritative Information");

  /** {@code 204 No Content}. */
  public static final Status NO_CONTENT = register(204, "No Content");

  /** {@code 205 Reset Content}. */
  public static final Status RESET_CONTENT = register(205, "Reset Content");

  /** {@code 206 Partial Content}. */
  public static final Status PARTIAL_CONTENT = register(206, "Partial Content");

  /** {@code 300 Multiple Choices}. */
  public static final Status MULTIPLE_CHOICES = register(300, "Multiple Choices");

  /** {@code 301 Moved Permanently}. */
  public static final Status MOVED_PERMANENTLY = register(301, "Moved Permanently");

  /** {@code 302 Found}. */
  public static final Status FOUND = register(302, "Found");

  /** {@code 303 See Other}. */
  public static final Status SEE_OTHER = register(303, "See Other");

  /** {@code 304 Not Modified}. */
  public static final Status NOT_MODIFIED = register(304, "Not Modified");

  /** {@code 307 Temporary Redirect}. */
  public static final Status TEMPORARY_REDIRECT = register(307, "Temporary Redirect");

  /** {@code 308 Permanent Redirect}. */
  public static final Status PERMANENT_REDIRECT = register(308, "Permanent Redirect");

  /** {@code 400 Bad Request}. */
  public static final Status BAD_REQUEST = register(400, "Bad Request");

  /** {@code 401 Unauthorized}. */
  public static final Status UNAUTHORIZED = register(401, "Unauthorized");

  /** {@code 402 Payment Required}. */
  public static final Status PAYMENT_REQUIRED = register(402, "Payment Required");

  /** {@code 403 Forbidden}. */
  public static final Status FORBIDDEN = register(403, "Forbidden");

  /** {@code 404 Not Found}. */
  public static final Status NOT_FOUND = register(404, "Not Found");

  /** {@code 405 Method Not Allowed}. */
  public static final Status METHOD_NOT_ALLOWED = register(405, "Method Not Allowed");

  /** {@code 406 Not Acceptable}. */
  public static final Status NOT_ACCEPTABLE = register(406, "Not Acceptable");

  /** {@code 407 Proxy Authentication Required}. */
  public static final Status PROXY_AUTHENTICATION_REQUIRED =
      register(407, "Proxy Authentication Required");

  /** {@code 408 Request Timeout}. */
  public static final Status REQUEST_TIMEOUT = register(408, "Request Timeout");

  /** {@code 409 Conflict}. */
  public static final Status CONFLICT = register(409, "Conflict");

  /** {@code 410 Gone}. */
  public static final Status GONE = register(410, "Gone");

  /** {@code 411 Length Required}. */
  public static final Status LENGTH_REQUIRED = register(411, "Length Required");

  /** {@code 412 Precondition Failed}. */
  public static final Status PRECONDITION_FAILED = register(412, "Precondition Failed");

  /** {@code 413 Content Too Large}. */
  public static final Status CONTENT_TOO_LARGE = register(413, "Content Too Large");

  /** {@code 414 URI Too Long}. */
  public static final Status URI_TOO_LONG = register(414, "URI Too Long");

  /** {@code 415 Unsupported Media Type}. */
  public static final Status UNSUPPORTED_MEDIA_TYPE = register(415, "Unsupported Media Type");

  /** {@code 416 Range Not Satisfiable}. */
  public static final Status RANGE_NOT_SATISFIABLE = register(416, "Range Not Satisfiable");

  /** {@code 417 Expectation Failed}. */
  public static final Status EXPECTATION_FAILED = register(417, "Expectation Failed");

  /** {@code 421 Misdirected Request}. */
  public static final Status MISDIRECTED_REQUEST = register(421, "Misdirected Request");

  /** {@code 422 Unprocessable Content}. */
  public static final Status UNPROCESSABLE_CONTENT = register(422, "Unprocessable Content");

  /** {@code 426 Upgrade Required}. */
  public static final Status UPGRADE_REQUIRED = register(426, "Upgrade Required");

  /** {@code 429 Too Many Requests}. */
  public static final Status TOO_MANY_REQUESTS = register(429, "Too Many Requests");

  /** {@code 431 Request Header Fields Too Large}. */
  public static final Status REQUEST_HEADER_FIELDS_TOO_LARGE =
      register(431, "Request Header Fields Too Large");

  /** {@code 500 Internal Server Error}. */
  public static final Status INTERNAL_SERVER_ERROR = register(500, "Internal Server Error");

  /** {@code 501 Not Implemented}. */
  public static final Status NOT_IMPLEMENTED = register(501, "Not Implemented");

  /** {@code 502 Bad Gateway}. */
  public static final Status BAD_GATEWAY = register(502, "Bad Gateway");

  /** {@code 503 Service Unavailable}. */
  public static final Status SERVICE_UNAVAILABLE = register(503, "Service Unavailable");

  /** {@code 504 Gateway Timeout}. */
  public static final Status GATEWAY_TIMEOUT = register(504, "Gateway Timeout");

  /** {@code 505 HTTP Version Not Supported}. */
  public static final Status HTTP_VERSION_NOT_SUPPORTED =
      register(505, "HTTP Version Not Supported");

  private final int code;
  private final String reason;

  private Status(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  private static Status register(int code, String reason) {
    Status status = new Status(code, reason);
    KNOWN[code] = status;
    return status;
  }

  /**
   * Returns the status for a code: the registered constant when there is one, otherwise a new
   * status with an empty reason phrase.
   *
   * @throws IllegalArgumentException if the code is not in 100..599
   * @param code the status code
   * @return the status for a code: the registered constant when there is one, otherwise a new
   *     status with an empty reason phrase
   */
  public static Status of(int code) {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("status code out of range: " + code);
    }
    Status known = KNOWN[code];
    return known != null ? known : new Status(code, "");
  }

  /**
   * Returns a status with a custom reason phrase (visible ASCII and spaces only).
   *
   * @param code the status code
   * @param reason the reason phrase
   * @return a status with a custom reason phrase (visible ASCII and spaces only)
   */
  public static Status of(int code, String reason) {
    Status base = of(code);
    if (base.reason.equals(reason)) {
      return base;
    }
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException("reason phrase has a control or non-ASCII character");
      }
    }
    return new Status(code, reason);
  }

  /**
   * The three-digit code.
   *
   * @return the three-digit code
   */
  public int code() {
    return code;
  }

  /**
   * The reason phrase; empty for unregistered codes.
   *
   * @return the reason phrase; empty for unregistered codes
   */
  public String reason() {
    return reason;
  }

  /**
   * Whether this is a 1xx status.
   *
   * @return whether this is a 1xx status
   */
  public boolean isInformational() {
    return code < 200;
  }

  /**
   * Whether a response with this status never has content (1xx, 204, 304).
   *
   * @return whether a response with this status never has content (1xx, 204, 304)
   */
  public boolean forbidsContent() {
    return code < 200 || code == 204 || code == 304;
  }

  /**
   * Whether this is a 4xx or 5xx status.
   *
   * @return whether this is a 4xx or 5xx status
   */
  public boolean isError() {
    return code >= 400;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Status other && other.code == code && other.reason.equals(reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, reason);
  }

  @Override
  public String toString() {
    return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
  }
}

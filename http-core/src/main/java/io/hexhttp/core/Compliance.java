package io.hexhttp.core;

/**
 * How strictly the parser holds requests to RFC 9112, in the spirit of Jetty's compliance modes.
 *
 * <p>Both modes reject everything RFC 9112 says a server must reject (obs-fold, bare CR, invalid
 * framing, ...). They differ where the product's own clients and the RFC disagree.
 */
public enum Compliance {
  /**
   * The default: accepts an HTTP/1.1 request without {@code Host} (as sent by the product's own
   * clients, {@code GET / HTTP/1.1\r\n\r\n}) and a bare LF as a line terminator (RFC 9112 §2.2
   * allows a recipient to).
   */
  LENIENT,
  /** Rejects an HTTP/1.1 request without {@code Host}, and bare LF line endings, with 400. */
  STRICT
}

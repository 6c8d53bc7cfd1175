package io.hexhttp.core.http1;

import io.hexhttp.core.Compliance;
import io.hexhttp.core.Forwarded;
import io.hexhttp.core.codec.ParserLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * What HTTP/1.1 on one connection is held to: the parser's limits and compliance, the deadlines,
 * and what the server adds to responses. The listener's own settings (port, transport, connection
 * cap) are the transport's.
 *
 * @param limits the parser's limits (request line, headers, body)
 * @param compliance how strictly requests are held to RFC 9112
 * @param sendDate whether responses carry a {@code Date} field
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 * @param headTimeout how long a request head may take to arrive, once its first byte has
 * @param minBodyRate the slowest a request body may arrive, in bytes per second, once its grace
 *     period is over (0: no minimum); a slower one is answered 408 and the connection closed
 * @param bodyGrace how long a request body may take before the minimum rate applies
 * @param writeTimeout how long writing a response may make no progress before the connection is cut
 *     (a client that stopped reading)
 * @param drainLimit how many unread body bytes are read and dropped to keep a connection
 * @param trustedProxies the proxies trusted to say who the client is
 */
public record Http1Config(
    ParserLimits limits,
    Compliance compliance,
    boolean sendDate,
    Duration idleTimeout,
    Duration headTimeout,
    long minBodyRate,
    Duration bodyGrace,
    Duration writeTimeout,
    long drainLimit,
    Forwarded trustedProxies) {

  /**
   * The defaults: lenient, a {@code Date} field (RFC 9110 §6.6.1: an origin server with a clock
   * sends it), idle 60 s, head 10 s, bodies at 240 bytes/s after 5 s (Kestrel's), writes cut after
   * 30 s without progress, 1 MiB drained, no trusted proxy.
   */
  public static final Http1Config DEFAULT =
      new Http1Config(
          ParserLimits.DEFAULT,
          Compliance.LENIENT,
          true,
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          240,
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          1L << 20,
          Forwarded.NONE);

  /** Checks every value. */
  public Http1Config {
    Objects.requireNonNull(limits);
    Objects.requireNonNull(compliance);
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(headTimeout, "headTimeout");
    requirePositive(writeTimeout, "writeTimeout");
    if (bodyGrace == null || bodyGrace.isNegative()) {
      throw new IllegalArgumentException("bodyGrace must not be negative");
    }
    if (minBodyRate < 0) {
      throw new IllegalArgumentException("minBodyRate must not be negative");
    }
    if (drainLimit < 0) {
      throw new IllegalArgumentException("drainLimit must not be negative");
    }
    Objects.requireNonNull(trustedProxies);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}

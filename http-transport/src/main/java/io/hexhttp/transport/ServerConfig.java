package io.hexhttp.transport;

import io.hexhttp.core.Compliance;
import io.hexhttp.core.Forwarded;
import io.hexhttp.core.codec.ParserLimits;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the server can be told, with defaults in the range mature servers use.
 *
 * @param bindAddress the address to listen on (null: every interface)
 * @param port the port; 0 picks a free one
 * @param limits the parser's limits (request line, headers, body)
 * @param compliance how strictly requests are held to RFC 9112
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 * @param headTimeout how long a request head may take to arrive, once it has started
 * @param bodyReadTimeout how long one read of a request body may wait
 * @param maxConnections connections served at once; beyond, new ones get 503 and are closed
 * @param sendDate whether responses carry a {@code Date} field
 * @param reusePort whether to set {@code SO_REUSEPORT}, so several processes share the port
 * @param shutdownGrace how long {@code close()} lets in-flight requests finish
 * @param drainDelay how long {@code close()} goes on serving, with readiness reporting "not
 *     ready", before it stops accepting, so that a load balancer takes the server out of rotation
 *     first (zero: stop accepting at once)
 * @param drainLimit how many unread body bytes the server reads and drops to keep a connection
 * @param transport how connections are served: a virtual thread each, or event loops
 */
public record ServerConfig(
    InetAddress bindAddress,
    int port,
    ParserLimits limits,
    Compliance compliance,
    Duration idleTimeout,
    Duration headTimeout,
    Duration bodyReadTimeout,
    int maxConnections,
    boolean sendDate,
    boolean reusePort,
    Duration shutdownGrace,
    Duration drainDelay,
    long drainLimit,
    Transport transport,
    Forwarded trustedProxies) {

  /**
   * The defaults: port 4221 on every interface, lenient, a {@code Date} field (RFC 9110 §6.6.1:
   * an origin server with a clock sends it), 10,000 connections, no trusted proxy.
   */
  public static final ServerConfig DEFAULT =
      new ServerConfig(
          null,
          4221,
          ParserLimits.DEFAULT,
          Compliance.LENIENT,
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          10_000,
          true,
          false,
          Duration.ofSeconds(10),
          Duration.ZERO,
          1L << 20,
          Transport.VIRTUAL_THREADS,
          Forwarded.NONE);

  /** Checks every value. */
  public ServerConfig {
    Objects.requireNonNull(limits);
    Objects.requireNonNull(compliance);
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(headTimeout, "headTimeout");
    requirePositive(bodyReadTimeout, "bodyReadTimeout");
    Objects.requireNonNull(shutdownGrace);
    if (drainDelay == null || drainDelay.isNegative()) {
      throw new IllegalArgumentException("drainDelay must not be negative");
    }
    Objects.requireNonNull(transport);
    Objects.requireNonNull(trustedProxies);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive");
    }
    if (drainLimit < 0) {
      throw new IllegalArgumentException("drainLimit must not be negative");
    }
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** A builder starting from {@link #DEFAULT}. */
  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ServerConfig}. */
  public static final class Builder {
    private InetAddress bindAddress;
    private int port;
    private ParserLimits limits;
    private Compliance compliance;
    private Duration idleTimeout;
    private Duration headTimeout;
    private Duration bodyReadTimeout;
    private int maxConnections;
    private boolean sendDate;
    private boolean reusePort;
    private Duration shutdownGrace;
    private Duration drainDelay;
    private long drainLimit;
    private Transport transport;
    private Forwarded trustedProxies;

    private Builder(ServerConfig c) {
      bindAddress = c.bindAddress;
      port = c.port;
      limits = c.limits;
      compliance = c.compliance;
      idleTimeout = c.idleTimeout;
      headTimeout = c.headTimeout;
      bodyReadTimeout = c.bodyReadTimeout;
      maxConnections = c.maxConnections;
      sendDate = c.sendDate;
      reusePort = c.reusePort;
      shutdownGrace = c.shutdownGrace;
      drainDelay = c.drainDelay;
      drainLimit = c.drainLimit;
      transport = c.transport;
      trustedProxies = c.trustedProxies;
    }

    /** The address to listen on; null for every interface. */
    public Builder bindAddress(InetAddress v) {
      bindAddress = v;
      return this;
    }

    /** The port; 0 for a free one. */
    public Builder port(int v) {
      port = v;
      return this;
    }

    /** The parser's limits. */
    public Builder limits(ParserLimits v) {
      limits = v;
      return this;
    }

    /** The compliance mode. */
    public Builder compliance(Compliance v) {
      compliance = v;
      return this;
    }

    /** Shorthand for {@code compliance(strict ? STRICT : LENIENT)}. */
    public Builder strict(boolean strict) {
      return compliance(strict ? Compliance.STRICT : Compliance.LENIENT);
    }

    /** The keep-alive idle timeout. */
    public Builder idleTimeout(Duration v) {
      idleTimeout = v;
      return this;
    }

    /** The time a request head may take once started. */
    public Builder headTimeout(Duration v) {
      headTimeout = v;
      return this;
    }

    /** The time one body read may wait. */
    public Builder bodyReadTimeout(Duration v) {
      bodyReadTimeout = v;
      return this;
    }

    /** Connections served at once. */
    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    /** Whether to send {@code Date}. */
    public Builder sendDate(boolean v) {
      sendDate = v;
      return this;
    }

    /** Whether to set {@code SO_REUSEPORT}. */
    public Builder reusePort(boolean v) {
      reusePort = v;
      return this;
    }

    /** How long close() waits for in-flight requests. */
    public Builder shutdownGrace(Duration v) {
      shutdownGrace = v;
      return this;
    }

    /** How long close() goes on serving, not ready, before it stops accepting. */
    public Builder drainDelay(Duration v) {
      drainDelay = v;
      return this;
    }

    /** How many unread body bytes are read and dropped to keep a connection. */
    public Builder drainLimit(long v) {
      drainLimit = v;
      return this;
    }

    /** How connections are served. */
    public Builder transport(Transport v) {
      transport = v;
      return this;
    }

    /**
     * The proxies trusted to say who the client is ({@code Forwarded}, {@code X-Forwarded-*}).
     *
     * @param proxies IP addresses, or IPv4 networks such as {@code 10.0.0.0/8}
     * @return this builder
     */
    public Builder trustedProxies(Set<String> proxies) {
      trustedProxies = Forwarded.trusting(proxies); // each entry checked here, once
      return this;
    }

    /** The configuration. */
    public ServerConfig build() {
      return new ServerConfig(
          bindAddress,
          port,
          limits,
          compliance,
          idleTimeout,
          headTimeout,
          bodyReadTimeout,
          maxConnections,
          sendDate,
          reusePort,
          shutdownGrace,
          drainDelay,
          drainLimit,
          transport,
          trustedProxies);
    }
  }
}

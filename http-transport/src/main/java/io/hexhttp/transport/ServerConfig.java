package io.hexhttp.transport;

import io.hexhttp.core.Compliance;
import io.hexhttp.core.Forwarded;
import io.hexhttp.core.codec.ParserLimits;
import io.hexhttp.core.http1.Http1Config;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the server can be told: the listener's settings here, and HTTP/1.1's in {@link
 * #http()} (limits, compliance, deadlines, {@code Date}), each default stated once, in {@link
 * #DEFAULT} and {@link Http1Config#DEFAULT}.
 *
 * @param bindAddress the address to listen on (null: every interface)
 * @param port the port; 0 picks a free one
 * @param maxConnections connections served at once; beyond, new ones get 503 and are closed
 * @param reusePort whether to set {@code SO_REUSEPORT}, so several processes share the port
 * @param transport how connections are served
 * @param shutdownGrace how long {@code close()} lets in-flight requests finish
 * @param drainDelay how long {@code close()} goes on serving, with readiness reporting "not ready",
 *     before it stops accepting, so that a load balancer takes the server out of rotation first
 *     (zero: stop accepting at once)
 * @param http what HTTP/1.1 on each connection is held to
 * @param tls HTTPS: the certificates and how clients are asked for theirs; null for plain HTTP
 */
public record ServerConfig(
    InetAddress bindAddress,
    int port,
    int maxConnections,
    boolean reusePort,
    Transport transport,
    Duration shutdownGrace,
    Duration drainDelay,
    Http1Config http,
    TlsConfig tls) {

  /**
   * The defaults: port 4221 on every interface, 10,000 connections, {@link Transport#DEFAULT}, 10 s
   * of grace at shutdown, and {@link Http1Config#DEFAULT}.
   */
  public static final ServerConfig DEFAULT =
      new ServerConfig(
          null,
          4221,
          10_000,
          false,
          Transport.DEFAULT,
          Duration.ofSeconds(10),
          Duration.ZERO,
          Http1Config.DEFAULT,
          null);

  /** Checks every value. */
  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive");
    }
    Objects.requireNonNull(transport);
    if (shutdownGrace == null || shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdownGrace must not be negative");
    }
    if (drainDelay == null || drainDelay.isNegative()) {
      throw new IllegalArgumentException("drainDelay must not be negative");
    }
    Objects.requireNonNull(http);
  }

  /**
   * A builder starting from {@link #DEFAULT}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  /**
   * A builder starting from this configuration.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ServerConfig}; the HTTP/1.1 settings can be set one by one here too. */
  public static final class Builder {
    private InetAddress bindAddress;
    private int port;
    private int maxConnections;
    private boolean reusePort;
    private Transport transport;
    private Duration shutdownGrace;
    private Duration drainDelay;
    private ParserLimits limits;
    private Compliance compliance;
    private boolean sendDate;
    private Duration idleTimeout;
    private Duration headTimeout;
    private long minBodyRate;
    private Duration bodyGrace;
    private Duration writeTimeout;
    private long drainLimit;
    private Forwarded trustedProxies;
    private TlsConfig tls;

    private Builder(ServerConfig c) {
      bindAddress = c.bindAddress;
      port = c.port;
      maxConnections = c.maxConnections;
      reusePort = c.reusePort;
      transport = c.transport;
      shutdownGrace = c.shutdownGrace;
      drainDelay = c.drainDelay;
      tls = c.tls;
      http(c.http);
    }

    /**
     * All the HTTP/1.1 settings at once.
     *
     * @param h the settings
     * @return this builder
     */
    public Builder http(Http1Config h) {
      limits = h.limits();
      compliance = h.compliance();
      sendDate = h.sendDate();
      idleTimeout = h.idleTimeout();
      headTimeout = h.headTimeout();
      minBodyRate = h.minBodyRate();
      bodyGrace = h.bodyGrace();
      writeTimeout = h.writeTimeout();
      drainLimit = h.drainLimit();
      trustedProxies = h.trustedProxies();
      return this;
    }

    /**
     * Serves HTTPS with {@code v}; null for plain HTTP.
     *
     * @param v the TLS configuration
     * @return this builder
     */
    public Builder tls(TlsConfig v) {
      tls = v;
      return this;
    }

    /**
     * The address to listen on; null for every interface.
     *
     * @param v the address
     * @return this builder
     */
    public Builder bindAddress(InetAddress v) {
      bindAddress = v;
      return this;
    }

    /**
     * The port; 0 for a free one.
     *
     * @param v the port
     * @return this builder
     */
    public Builder port(int v) {
      port = v;
      return this;
    }

    /**
     * The parser's limits.
     *
     * @param v the limits
     * @return this builder
     */
    public Builder limits(ParserLimits v) {
      limits = v;
      return this;
    }

    /**
     * The compliance mode.
     *
     * @param v the mode
     * @return this builder
     */
    public Builder compliance(Compliance v) {
      compliance = v;
      return this;
    }

    /**
     * Shorthand for {@code compliance(strict ? STRICT : LENIENT)}.
     *
     * @param strict whether to hold requests strictly to RFC 9112
     * @return this builder
     */
    public Builder strict(boolean strict) {
      return compliance(strict ? Compliance.STRICT : Compliance.LENIENT);
    }

    /**
     * The keep-alive idle timeout.
     *
     * @param v the timeout
     * @return this builder
     */
    public Builder idleTimeout(Duration v) {
      idleTimeout = v;
      return this;
    }

    /**
     * The time a request head may take once started.
     *
     * @param v the timeout
     * @return this builder
     */
    public Builder headTimeout(Duration v) {
      headTimeout = v;
      return this;
    }

    /**
     * The slowest a request body may arrive after its grace period (0: no minimum).
     *
     * @param bytesPerSecond the rate
     * @param grace how long before it applies
     * @return this builder
     */
    public Builder minBodyRate(long bytesPerSecond, Duration grace) {
      minBodyRate = bytesPerSecond;
      bodyGrace = grace;
      return this;
    }

    /**
     * How long writing a response may make no progress before the connection is cut.
     *
     * @param v the timeout
     * @return this builder
     */
    public Builder writeTimeout(Duration v) {
      writeTimeout = v;
      return this;
    }

    /**
     * Connections served at once.
     *
     * @param v the cap
     * @return this builder
     */
    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    /**
     * Whether to send {@code Date}.
     *
     * @param v whether to
     * @return this builder
     */
    public Builder sendDate(boolean v) {
      sendDate = v;
      return this;
    }

    /**
     * Whether to set {@code SO_REUSEPORT}.
     *
     * @param v whether to
     * @return this builder
     */
    public Builder reusePort(boolean v) {
      reusePort = v;
      return this;
    }

    /**
     * How long close() waits for in-flight requests.
     *
     * @param v the grace
     * @return this builder
     */
    public Builder shutdownGrace(Duration v) {
      shutdownGrace = v;
      return this;
    }

    /**
     * How long close() goes on serving, not ready, before it stops accepting.
     *
     * @param v the delay
     * @return this builder
     */
    public Builder drainDelay(Duration v) {
      drainDelay = v;
      return this;
    }

    /**
     * How many unread body bytes are read and dropped to keep a connection.
     *
     * @param v the limit
     * @return this builder
     */
    public Builder drainLimit(long v) {
      drainLimit = v;
      return this;
    }

    /**
     * How connections are served.
     *
     * @param v the transport
     * @return this builder
     */
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

    /**
     * The configuration.
     *
     * @return the configuration
     */
    public ServerConfig build() {
      return new ServerConfig(
          bindAddress,
          port,
          maxConnections,
          reusePort,
          transport,
          shutdownGrace,
          drainDelay,
          new Http1Config(
              limits,
              compliance,
              sendDate,
              idleTimeout,
              headTimeout,
              minBodyRate,
              bodyGrace,
              writeTimeout,
              drainLimit,
              trustedProxies),
          tls);
    }
  }
}

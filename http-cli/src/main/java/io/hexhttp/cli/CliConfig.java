package io.hexhttp.cli;

import io.hexhttp.handlers.AccessLogFilter;
import io.hexhttp.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What the command line said.
 *
 * @param port the port to listen on
 * @param directory where {@code /files/} keeps files, if anywhere
 * @param strict whether to hold requests strictly to RFC 9112 (Host required, no bare LF)
 * @param sendDate whether to send a {@code Date} field
 * @param reusePort whether to set {@code SO_REUSEPORT}
 * @param accessLog how to log each request, if at all
 * @param transport how connections are served
 * @param healthPath where to answer the readiness check, if anywhere
 * @param metricsPath where to answer with the Prometheus metrics, if anywhere
 * @param drainDelay how long to go on serving, not ready, once a shutdown is asked for
 * @param trustedProxies the proxies whose forwarding fields name the client
 */
public record CliConfig(
    int port,
    Optional<Path> directory,
    boolean strict,
    boolean sendDate,
    boolean reusePort,
    Optional<AccessLogFilter.Format> accessLog,
    Transport transport,
    Optional<String> healthPath,
    Optional<String> metricsPath,
    Duration drainDelay,
    Set<String> trustedProxies) {

  /**
   * The program's defaults: port 4221, no directory, lenient, no Date (its clients' behaviour), the
   * library's default transport, no extras.
   */
  static final CliConfig DEFAULT =
      new CliConfig(
          4221,
          Optional.empty(),
          false,
          false,
          false,
          Optional.empty(),
          Transport.DEFAULT,
          Optional.empty(),
          Optional.empty(),
          Duration.ZERO,
          Set.of());
}

package io.hexhttp.cli;

import io.hexhttp.handlers.AccessLogFilter;
import io.hexhttp.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param https HTTPS on a port of its own, if asked for
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
    Set<String> trustedProxies,
    Optional<Https> https) {

  /**
   * HTTPS beside HTTP: its port and where its certificates come from (PEM files, or a PKCS#12
   * keystore whose password is in a file or the environment, never on the command line).
   *
   * @param port the HTTPS port, 0 for any free one
   * @param certificate the PEM chain, with {@code key}
   * @param key the PEM private key (PKCS#8)
   * @param keystore a PKCS#12 keystore, instead of the PEM files
   * @param passwordFile where the keystore's password is; else {@code HEXHTTP_TLS_PASSWORD}
   * @param redirect whether the HTTP port redirects to HTTPS
   * @param sni further certificates, chosen by the host name a client asks for (PEM only)
   * @param clientCas the CAs whose client certificates are accepted, if clients are asked
   * @param clientAuthNeeded whether a client certificate is required (else only asked for)
   */
  public record Https(
      int port,
      Optional<Path> certificate,
      Optional<Path> key,
      Optional<Path> keystore,
      Optional<Path> passwordFile,
      boolean redirect,
      List<Sni> sni,
      Optional<Path> clientCas,
      boolean clientAuthNeeded) {}

  /**
   * A certificate for one host name (or {@code *.example.com}).
   *
   * @param host the name
   * @param certificate the PEM chain
   * @param key the PEM private key
   */
  public record Sni(String host, Path certificate, Path key) {}

  /**
   * The program's defaults: port 4221, no directory, lenient, no Date (its clients' behaviour), the
   * event loops on epoll where they can run (bin/hexhttp gives the JVM the options they need on JDK
   * 22+) and on the JDK's selector elsewhere, no extras.
   */
  static final CliConfig DEFAULT =
      new CliConfig(
          4221,
          Optional.empty(),
          false,
          false,
          false,
          Optional.empty(),
          Transport.EPOLL.unavailable().isEmpty() ? Transport.EPOLL : Transport.EVENT_LOOP,
          Optional.empty(),
          Optional.empty(),
          Duration.ZERO,
          Set.of(),
          Optional.empty());
}

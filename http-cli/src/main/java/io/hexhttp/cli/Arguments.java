package io.hexhttp.cli;

import io.hexhttp.core.Forwarded;
import io.hexhttp.handlers.AccessLogFilter;
import io.hexhttp.transport.Transport;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Parses the command line. Pure: no I/O, so every case is a plain unit test. */
final class Arguments {
  static final String USAGE =
      """
      Usage: your_program.sh [--directory DIR] [--port N] [options]

      An HTTP/1.1 server. Serves GET /, /echo/{text}, /user-agent and, with --directory,
      GET and POST /files/{name}.

      Options:
        --directory DIR   keep /files/ in DIR (created if missing)
        --port N          listen on port N, 0 for any free port (default 4221)
        --strict          hold requests strictly to RFC 9112: Host required, no bare LF
        --date            send a Date header field
        --reuse-port      set SO_REUSEPORT, so that several processes can share the port
        --access-log[=F]  log each request to stderr: clf (the Common Log Format, the
                          default) or json (one JSON object per line)
        --health PATH     answer readiness checks at PATH: 200 ready, 503 once stopping
        --metrics PATH    answer with Prometheus metrics (text format) at PATH
        --drain-delay S   on SIGTERM, go on serving for S seconds while --health says
                          503, before no longer accepting (default 0)
        --trusted-proxy A honour Forwarded / X-Forwarded-* from address A (an IP, or an
                          IPv4 network such as 10.0.0.0/8); may be given more than once
        --https-port N    also serve HTTPS on port N, with the certificate of
                          --tls-cert FILE and --tls-key FILE (PEM: the chain, and
                          the PKCS#8 key certbot and openssl write), or of
                          --tls-keystore FILE (PKCS#12; its password in
                          --tls-password-file FILE or HEXHTTP_TLS_PASSWORD). Replaced
                          files are picked up by the next handshakes, no restart
        --tls-sni H=C,K   for clients asking for host H (or *.domain), the PEM
                          certificate C and key K; may be given more than once
        --tls-client-ca F ask clients for a certificate signed by a CA in F (PEM);
                          handlers see the verified chain
        --tls-client-auth need|want
                          require a client certificate, or only ask (default want)
        --redirect-https  answer plain HTTP with 308 to the HTTPS port
        --transport T     event-loop (non-blocking, one loop per core), epoll (those
                          loops on Linux's epoll directly, for less CPU a request;
                          JDK 22+) or virtual-threads (a virtual thread per
                          connection); default %s
        --help            print this help and exit
        --version         print the version and exit
      """
          .formatted(name(CliConfig.DEFAULT.transport()));

  /** The command line's name of a transport. */
  static String name(Transport t) {
    return t.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The outcome of parsing: run with a config, or print something and exit. */
  sealed interface Parsed permits Run, Help, Version {}

  /** Run the server. */
  record Run(CliConfig config) implements Parsed {}

  /** Print the usage. */
  record Help() implements Parsed {}

  /** Print the version. */
  record Version() implements Parsed {}

  /** A command line that cannot be run; the message is one line for stderr. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  private Arguments() {}

  static Parsed parse(String... args) throws UsageException {
    CliConfig d = CliConfig.DEFAULT;
    int port = d.port();
    Path directory = null;
    boolean strict = d.strict();
    boolean date = d.sendDate();
    boolean reusePort = d.reusePort();
    AccessLogFilter.Format accessLog = null;
    Transport transport = d.transport();
    String health = null;
    String metrics = null;
    Duration drainDelay = d.drainDelay();
    Set<String> proxies = new LinkedHashSet<>();
    Integer httpsPort = null;
    Path tlsCert = null;
    Path tlsKey = null;
    Path keystore = null;
    Path passwordFile = null;
    boolean redirect = false;
    List<CliConfig.Sni> sni = new ArrayList<>();
    Path clientCas = null;
    String clientAuth = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--help", "-h" -> {
          return new Help();
        }
        case "--version" -> {
          return new Version();
        }
        case "--strict" -> strict = flag(arg, value);
        case "--date" -> date = flag(arg, value);
        case "--reuse-port" -> reusePort = flag(arg, value);
        case "--access-log" ->
            accessLog =
                switch (value == null ? "clf" : value) {
                  case "clf" -> AccessLogFilter.Format.COMMON;
                  case "json" -> AccessLogFilter.Format.JSON;
                  default -> throw new UsageException("--access-log is clf or json: " + value);
                };
        case "--health" -> health = path(arg, value != null ? value : next(args, ++i, arg));
        case "--metrics" -> metrics = path(arg, value != null ? value : next(args, ++i, arg));
        case "--trusted-proxy" -> {
          String p = value != null ? value : next(args, ++i, arg);
          try {
            Forwarded.trusting(Set.of(p));
          } catch (RuntimeException e) {
            throw new UsageException(
                "--trusted-proxy needs an IP address or an IPv4 network: " + p);
          }
          proxies.add(p);
        }
        case "--drain-delay" ->
            drainDelay = seconds(arg, value != null ? value : next(args, ++i, arg));
        case "--transport" -> {
          if (value == null) {
            value = next(args, ++i, arg);
          }
          String wanted = value;
          transport =
              Arrays.stream(Transport.values())
                  .filter(t -> name(t).equals(wanted))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new UsageException(
                              "--transport is event-loop, epoll or virtual-threads: " + wanted));
        }
        case "--https-port" -> httpsPort = port(value != null ? value : next(args, ++i, arg));
        case "--tls-cert" -> tlsCert = file(arg, value != null ? value : next(args, ++i, arg));
        case "--tls-key" -> tlsKey = file(arg, value != null ? value : next(args, ++i, arg));
        case "--tls-keystore" -> keystore = file(arg, value != null ? value : next(args, ++i, arg));
        case "--tls-password-file" ->
            passwordFile = file(arg, value != null ? value : next(args, ++i, arg));
        case "--redirect-https" -> redirect = flag(arg, value);
        case "--tls-sni" -> sni.add(sni(value != null ? value : next(args, ++i, arg)));
        case "--tls-client-ca" ->
            clientCas = file(arg, value != null ? value : next(args, ++i, arg));
        case "--tls-client-auth" -> {
          clientAuth = value != null ? value : next(args, ++i, arg);
          if (!clientAuth.equals("need") && !clientAuth.equals("want")) {
            throw new UsageException("--tls-client-auth is need or want: " + clientAuth);
          }
        }
        case "--port" -> {
          if (value == null) {
            value = next(args, ++i, arg);
          }
          port = port(value);
        }
        case "--directory" -> {
          if (value == null) {
            value = next(args, ++i, arg);
          }
          if (value.isEmpty()) {
            throw new UsageException("--directory needs a path");
          }
          try {
            directory = Path.of(value);
          } catch (InvalidPathException e) {
            throw new UsageException("--directory: not a valid path: " + value);
          }
        }
        default -> throw new UsageException("unknown option: " + arg);
      }
    }
    Optional<CliConfig.Https> https = Optional.empty();
    boolean pem = tlsCert != null || tlsKey != null;
    if (httpsPort == null) {
      if (pem
          || keystore != null
          || passwordFile != null
          || redirect
          || !sni.isEmpty()
          || clientCas != null
          || clientAuth != null) {
        throw new UsageException("TLS options need --https-port");
      }
    } else {
      if (pem && keystore != null) {
        throw new UsageException("--tls-cert/--tls-key or --tls-keystore, not both");
      }
      if (pem && (tlsCert == null || tlsKey == null)) {
        throw new UsageException("--tls-cert and --tls-key go together");
      }
      if (!pem && keystore == null) {
        throw new UsageException("--https-port needs --tls-cert and --tls-key, or --tls-keystore");
      }
      if (!pem && (!sni.isEmpty() || clientCas != null)) {
        throw new UsageException("--tls-sni and --tls-client-ca go with --tls-cert and --tls-key");
      }
      if (clientAuth != null && clientCas == null) {
        throw new UsageException("--tls-client-auth needs --tls-client-ca");
      }
      https =
          Optional.of(
              new CliConfig.Https(
                  httpsPort,
                  Optional.ofNullable(tlsCert),
                  Optional.ofNullable(tlsKey),
                  Optional.ofNullable(keystore),
                  Optional.ofNullable(passwordFile),
                  redirect,
                  List.copyOf(sni),
                  Optional.ofNullable(clientCas),
                  "need".equals(clientAuth)));
    }
    if (health != null && health.equals(metrics)) {
      throw new UsageException("--health and --metrics need different paths: " + health);
    }
    return new Run(
        new CliConfig(
            port,
            Optional.ofNullable(directory),
            strict,
            date,
            reusePort,
            Optional.ofNullable(accessLog),
            transport,
            Optional.ofNullable(health),
            Optional.ofNullable(metrics),
            drainDelay,
            Set.copyOf(proxies),
            https));
  }

  /** A path to answer at: absolute, of plain segments, no query, no parameters. */
  private static String path(String name, String value) throws UsageException {
    if (!value.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw new UsageException(
          name + " needs a path such as /health (letters, digits, . _ ~ -): " + value);
    }
    return value;
  }

  /** {@code HOST=CERT,KEY}. */
  private static CliConfig.Sni sni(String value) throws UsageException {
    int eq = value.indexOf('=');
    int comma = value.indexOf(',', eq + 1);
    if (eq <= 0 || comma < 0 || comma == value.length() - 1) {
      throw new UsageException("--tls-sni is HOST=CERT.pem,KEY.pem: " + value);
    }
    return new CliConfig.Sni(
        value.substring(0, eq).toLowerCase(Locale.ROOT),
        file("--tls-sni", value.substring(eq + 1, comma)),
        file("--tls-sni", value.substring(comma + 1)));
  }

  private static Path file(String name, String value) throws UsageException {
    try {
      if (value.isEmpty()) {
        throw new InvalidPathException(value, "empty");
      }
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException(name + " needs a file: " + value);
    }
  }

  private static Duration seconds(String name, String value) throws UsageException {
    try {
      BigDecimal s = new BigDecimal(value);
      if (s.signum() < 0 || s.compareTo(BigDecimal.valueOf(3600)) > 0) {
        throw new UsageException(name + " must be between 0 and 3600 seconds: " + value);
      }
      return Duration.ofMillis(s.movePointRight(3).longValue());
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a number of seconds: " + value);
    }
  }

  private static boolean flag(String name, String value) throws UsageException {
    if (value != null) {
      throw new UsageException(name + " takes no value");
    }
    return true;
  }

  private static String next(String[] args, int i, String name) throws UsageException {
    if (i >= args.length) {
      throw new UsageException(name + " needs a value");
    }
    return args[i];
  }

  private static int port(String value) throws UsageException {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new UsageException("--port must be between 0 and 65535: " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException("--port must be a number: " + value);
    }
  }
}

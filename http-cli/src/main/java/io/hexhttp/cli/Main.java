package io.hexhttp.cli;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.port.ServerObserver;
import io.hexhttp.handlers.HttpsRedirect;
import io.hexhttp.transport.HttpServer;
import io.hexhttp.transport.ServerConfig;
import io.hexhttp.transport.TlsConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code your_program.sh}'s entry point: parse, wire, start, wait for a signal, drain, exit. */
public final class Main {
  static final String VERSION = "0.1.0";
  private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

  private Main() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs until SIGTERM or SIGINT; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    // SIGTERM and SIGINT (Ctrl-C) start the JVM's shutdown, which runs this hook: it wakes this
    // thread, waits while the server drains, and ends the process with status 0, as a clean stop
    // is (halt is how a hook sets the status; the JVM would exit 143 or 130 otherwise). It goes in
    // before the server announces itself, so no signal finds the JVM without it.
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              out.flush();
              err.flush();
              Runtime.getRuntime().halt(0);
            },
            "hexhttp-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Launched launched = null;
    int status = 0;
    try {
      launched = launch(args, out);
    } catch (Arguments.UsageException e) {
      err.println("hexhttp: " + e.getMessage() + " (see --help)");
      status = 2;
    } catch (StartException e) {
      err.println("hexhttp: " + e.getMessage());
      status = 1;
    }
    if (launched == null) { // printed help, the version, or why it cannot start
      Runtime.getRuntime().removeShutdownHook(hook);
      return status;
    }
    if (launched.tls() != null) {
      Hangup.onHangup(launched.tls()::reload); // SIGHUP: new handshakes get renewed files
    }
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    launched.close();
    out.println("hexhttp stopped");
    out.flush();
    stopped.countDown();
    return 0;
  }

  /** The running server, the HTTPS one if any, and the certificates it reloads on SIGHUP. */
  record Launched(HttpServer server, HttpServer https, TlsConfig tls) {
    /** The running server, and no HTTPS one. */
    Launched(HttpServer server) {
      this(server, null, null);
    }

    /** Closes both: HTTPS first, so a redirect never points at a port already gone. */
    void close() {
      if (https != null) {
        https.close();
      }
      server.close();
    }
  }

  /** Start-up failed for a reason worth one line. */
  static final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    StartException(String message) {
      super(message, null, false, false);
    }
  }

  /** Parses, wires and starts; returns null when there was only something to print. */
  static Launched launch(String[] args, PrintStream out)
      throws Arguments.UsageException, StartException {
    Arguments.Parsed parsed = Arguments.parse(args);
    if (parsed instanceof Arguments.Help) {
      out.print(Arguments.USAGE);
      return null;
    }
    if (parsed instanceof Arguments.Version) {
      out.println("hexhttp " + VERSION);
      return null;
    }
    CliConfig config = ((Arguments.Run) parsed).config();
    if (System.getProperty(LOG_FORMAT) == null) {
      // one line per record (the JDK's default spends two), so access-log lines read as CLF
      System.setProperty(LOG_FORMAT, "%5$s%6$s%n");
    }
    if (config.directory().isPresent()) {
      prepareDirectory(config.directory().get());
    }
    ServerComponent graph = ServerComponent.of(config);
    HttpHandler app = graph.application();
    HttpServer https = null;
    TlsConfig certificates = null;
    if (config.https().isPresent()) {
      CliConfig.Https h = config.https().get();
      certificates = tls(h);
      ServerConfig tls = graph.serverConfig().toBuilder().port(h.port()).tls(certificates).build();
      https = start(app, tls, graph.observer(), h.port());
      if (h.redirect()) {
        Set<String> exempt = new HashSet<>();
        config.healthPath().ifPresent(exempt::add);
        config.metricsPath().ifPresent(exempt::add);
        HttpHandler plain = new HttpsRedirect(https.port(), exempt).wrap(app);
        app = HttpHandler.nonBlocking(plain, graph.application()::isNonBlocking);
      }
    }
    HttpServer server;
    try {
      server = start(app, graph.serverConfig(), graph.observer(), config.port());
    } catch (StartException e) {
      if (https != null) {
        https.close();
      }
      throw e;
    }
    out.println(
        "hexhttp listening on http://localhost:"
            + server.port()
            + "/"
            + (https == null ? "" : " and https://localhost:" + https.port() + "/")
            + config.directory().map(d -> " serving files from " + d.toAbsolutePath()).orElse(""));
    out.flush();
    return new Launched(server, https, certificates);
  }

  private static HttpServer start(
      HttpHandler app, ServerConfig config, ServerObserver observer, int port)
      throws StartException {
    try {
      return HttpServer.start(app, config, observer);
    } catch (BindException e) {
      throw new StartException("port " + port + " is already in use");
    } catch (IOException e) {
      throw new StartException("cannot listen on port " + port + ": " + e.getMessage());
    } catch (IllegalStateException e) {
      throw new StartException(e.getMessage()); // the transport cannot run here, and why
    }
  }

  /** The HTTPS certificates the command line names, or why they do not load, in one line. */
  private static TlsConfig tls(CliConfig.Https h) throws StartException {
    try {
      if (h.keystore().isPresent()) {
        char[] password;
        if (h.passwordFile().isPresent()) {
          password = Files.readString(h.passwordFile().get()).strip().toCharArray();
        } else {
          String env = System.getenv("HEXHTTP_TLS_PASSWORD");
          if (env == null) {
            throw new StartException(
                "--tls-keystore needs its password: --tls-password-file or HEXHTTP_TLS_PASSWORD");
          }
          password = env.toCharArray();
        }
        return TlsConfig.pkcs12(h.keystore().get(), password);
      }
      TlsConfig tls = TlsConfig.pem(h.certificate().orElseThrow(), h.key().orElseThrow());
      for (CliConfig.Sni sni : h.sni()) {
        tls = tls.withCertificate(sni.host(), sni.certificate(), sni.key());
      }
      if (h.clientCas().isPresent()) {
        tls =
            tls.clientAuth(
                h.clientAuthNeeded() ? TlsConfig.ClientAuth.NEED : TlsConfig.ClientAuth.WANT,
                h.clientCas().get());
      }
      return tls;
    } catch (IOException e) {
      throw new StartException("TLS: " + e.getMessage());
    }
  }

  private static void prepareDirectory(Path dir) throws StartException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new StartException("--directory " + dir + " is not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StartException("--directory " + dir + " cannot be created: " + e.getMessage());
    }
    if (!Files.isWritable(dir)) {
      throw new StartException("--directory " + dir + " is not writable");
    }
  }
}

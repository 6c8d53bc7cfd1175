package io.hexhttp.cli;

import io.hexhttp.transport.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    launched.server().close();
    out.println("hexhttp stopped");
    out.flush();
    stopped.countDown();
    return 0;
  }

  /** The running server. */
  record Launched(HttpServer server) {}

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
    HttpServer server;
    try {
      server = HttpServer.start(graph.application(), graph.serverConfig(), graph.observer());
    } catch (BindException e) {
      throw new StartException("port " + config.port() + " is already in use");
    } catch (IOException e) {
      throw new StartException("cannot listen on port " + config.port() + ": " + e.getMessage());
    }
    out.println(
        "hexhttp listening on http://localhost:"
            + server.port()
            + "/"
            + config.directory().map(d -> " serving files from " + d.toAbsolutePath()).orElse(""));
    out.flush();
    return new Launched(server);
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

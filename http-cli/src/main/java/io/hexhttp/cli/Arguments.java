package io.hexhttp.cli;

import io.hexhttp.transport.Transport;
import java.nio.file.Path;
import java.util.Optional;

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
        --access-log      log each request in the Common Log Format (to stderr)
        --transport T     event-loop (default: non-blocking, one loop per core) or
                          virtual-threads (a virtual thread per connection)
        --help            print this help and exit
        --version         print the version and exit
      """;

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
    int port = 4221;
    Path directory = null;
    boolean strict = false;
    boolean date = false;
    boolean reusePort = false;
    boolean accessLog = false;
    Transport transport = Transport.EVENT_LOOP;
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
        case "--access-log" -> accessLog = flag(arg, value);
        case "--transport" -> {
          if (value == null) {
            value = next(args, ++i, arg);
          }
          transport = switch (value) {
            case "event-loop" -> Transport.EVENT_LOOP;
            case "virtual-threads" -> Transport.VIRTUAL_THREADS;
            default -> throw new UsageException("--transport is event-loop or virtual-threads: " + value);
          };
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
          } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("--directory: not a valid path: " + value);
          }
        }
        default -> throw new UsageException("unknown option: " + arg);
      }
    }
    return new Run(new CliConfig(
            port, Optional.ofNullable(directory), strict, date, reusePort, accessLog, transport));
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

package io.hexhttp.cli;

import java.lang.System.Logger.Level;
import java.lang.reflect.Proxy;

/**
 * SIGHUP as "read the certificates again", as nginx and most daemons take it. The JDK's only door
 * to a signal is {@code sun.misc.Signal} in {@code jdk.unsupported}, exported for exactly this; it
 * is reached by name, so that the build has no warning about it and a JDK without it still runs the
 * program (renewed certificate files are then picked up when they change, as always).
 */
final class Hangup {
  private static final System.Logger LOG = System.getLogger("io.hexhttp.cli");

  private Hangup() {}

  /**
   * Runs {@code action} on each SIGHUP from now on.
   *
   * @param action what to do, on the JDK's signal thread
   */
  static void onHangup(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object handle =
          Proxy.newProxyInstance(
              handler.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      LOG.log(Level.INFO, "SIGHUP: reading the TLS certificates again");
                      action.run();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "hexhttp's SIGHUP handler";
                  });
      signal
          .getMethod("handle", signal, handler)
          .invoke(null, signal.getConstructor(String.class).newInstance("HUP"), handle);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // no such class, or the JVM keeps the signal (-Xrs): the files are still watched
      LOG.log(Level.WARNING, "SIGHUP cannot be handled here: " + e);
    }
  }
}

package io.hexhttp.transport.loop;

import java.io.IOException;

/**
 * Linux's epoll, called directly: this is the Java 21 version of a multi-release class, for which
 * it is never available; the Java 22 version (the foreign function API) replaces it on JDK 22+.
 */
final class NativePoller {
  private NativePoller() {}

  /** Why the native poller cannot run here, or null when it can. */
  static String unavailable() {
    return "epoll needs JDK 22 or later; this is JDK " + Runtime.version().feature();
  }

  /** A native poller; fails with {@link #unavailable}'s reason where it cannot run. */
  static Poller open() throws IOException {
    throw new IOException(unavailable());
  }
}

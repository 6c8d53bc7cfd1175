package io.hexhttp.transport.loop;

import java.io.IOException;

/**
 * Linux's epoll, called directly: the Java 22 version of a multi-release class, which opens an
 * {@link EpollPoller} where it can run (see {@link EpollPoller#unavailable}).
 */
final class NativePoller {
  private NativePoller() {}

  /** Why the native poller cannot run here, or null when it can. */
  static String unavailable() {
    return EpollPoller.unavailable();
  }

  /** A native poller; fails with {@link #unavailable}'s reason where it cannot run. */
  static Poller open() throws IOException {
    String why = EpollPoller.unavailable();
    if (why != null) {
      throw new IOException(why);
    }
    return new EpollPoller();
  }
}

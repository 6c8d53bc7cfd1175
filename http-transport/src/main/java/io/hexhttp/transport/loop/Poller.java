package io.hexhttp.transport.loop;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * How an {@link EventLoop} learns which of its sockets are ready, and moves their bytes: the JDK's
 * selector ({@link SelectorPoller}), or Linux's epoll called directly ({@link NativePoller}). The
 * sockets stay the JDK's channels either way, so everything that leaves the loop's fast path (a
 * file sent by zero-copy, TLS, a hand-over to blocking I/O, closing) is the same code.
 */
abstract class Poller implements Closeable {
  /** Interest in reading, as {@link java.nio.channels.SelectionKey#OP_READ}. */
  static final int READ = 1;

  /** Interest in writing, as {@link java.nio.channels.SelectionKey#OP_WRITE}. */
  static final int WRITE = 4;

  /** What a round of {@link #select} reports. */
  interface Ready {
    /** The listener has connections to accept. */
    void acceptable();

    /** {@code socket} is ready: for reading when {@code readable}, else for writing. */
    void ready(Socket socket, boolean readable);
  }

  /** Reports the listener's pending connections from now on. */
  abstract void listen(ServerSocketChannel listener) throws IOException;

  /** Stops reporting the listener. */
  abstract void unlisten(ServerSocketChannel listener);

  /** {@code channel}, non-blocking, watched for reading; {@code attachment} rides along. */
  abstract Socket register(SocketChannel channel, Object attachment) throws IOException;

  /**
   * Waits up to {@code millis} (0: not at all) for ready sockets and reports each. A socket may be
   * reported only when its readiness changes (edge-triggered, {@link NativePoller}), not in every
   * round while it lasts: the loop goes on reading a socket until a read comes back short, and
   * writing until a write does. Asking for other {@link Socket#interest} reports what is ready
   * then, even if it became so before.
   */
  abstract void select(Ready ready, long millis) throws IOException;

  /**
   * Completes the sockets' {@link Socket#cancel}s, so that their channels may be put in blocking
   * mode.
   */
  abstract void settleCancels() throws IOException;

  /** Makes a {@link #select} in progress, or the next one, return at once. */
  abstract void wakeup();

  /** A connection's socket as its loop sees it. */
  abstract static class Socket {
    final Object attachment;

    Socket(Object attachment) {
      this.attachment = attachment;
    }

    /** What to be told of: {@link #READ}, {@link #WRITE}, or 0 for nothing. */
    abstract void interest(int ops);

    /** Stops watching the socket (its channel stays open). */
    abstract void cancel();

    /** Reads what the socket has into {@code b}: the count, 0 for none yet, -1 at its end. */
    abstract int read(ByteBuffer b) throws IOException;

    /** Writes what the socket takes now of {@code b}: the count, maybe 0. */
    abstract int write(ByteBuffer b) throws IOException;
  }
}

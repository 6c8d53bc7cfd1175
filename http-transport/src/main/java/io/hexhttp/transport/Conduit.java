package io.hexhttp.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;

/**
 * The byte streams one connection runs over: a socket, or memory in tests. The connection loop
 * sees nothing else, so a whole conversation can be tested without a socket.
 */
public interface Conduit extends Closeable {
  /** Bytes from the peer. */
  InputStream input();

  /** Bytes to the peer. */
  OutputStream output();

  /**
   * Bounds the reads that follow: each waits at most {@code perReadMillis}, and none goes past
   * {@code deadlineNanos} ({@link System#nanoTime()} scale; 0 for none). A read that runs out
   * throws {@link java.net.SocketTimeoutException}. Memory conduits ignore it.
   */
  default void readTimeouts(long perReadMillis, long deadlineNanos) {}

  /**
   * A channel for zero-copy writes of file content, or null if the conduit has none. Anything
   * buffered in front of it must be flushed first.
   */
  default WritableByteChannel channel() {
    return null;
  }

  /** The peer, for log lines: address and port. */
  default String peer() {
    return "memory";
  }

  /** The peer's address without the port, as requests carry it; null if there is none. */
  default String remoteAddress() {
    return null;
  }

  /**
   * Closes the connection after its last response: the output first, then (on a socket) a short,
   * bounded read of whatever the peer still sends, so that the response is not lost to a reset.
   */
  @Override
  void close() throws IOException;

  /** Closes the connection at once, from any thread, unblocking a read in progress. */
  default void abort() throws IOException {
    close();
  }
}

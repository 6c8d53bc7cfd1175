package io.hexhttp.transport.internal;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/** A body the drivers can send by zero-copy: a file, or a range of one. */
public interface FileTransfer {
  /** The bytes to send. */
  long length();

  /**
   * Sends what {@code target} takes now of the content from {@code sent} bytes on, at most {@code
   * max}; a non-blocking target may take nothing.
   */
  long transferFrom(long sent, long max, WritableByteChannel target) throws IOException;
}

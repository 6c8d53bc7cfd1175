package io.hexhttp.transport;

import io.hexhttp.core.Body;
import io.hexhttp.transport.internal.FileTransfer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A body backed by an open file, or a range of one: streamed, never loaded into memory, and sent by
 * zero-copy ({@link FileChannel#transferTo}) when the connection has a channel. The length is fixed
 * when the file is opened; the open channel keeps serving the content it had then even if the name
 * is replaced meanwhile (writes replace files by atomic move, never in place). Writing the body
 * closes the file.
 */
public final class FileBody implements Body, FileTransfer {
  /** The open file, closed when the last body holding it is written (or its stream closed). */
  private static final class Shared {
    final FileChannel channel;
    int holders = 1;

    Shared(FileChannel channel) {
      this.channel = channel;
    }

    synchronized void hold() {
      holders++;
    }

    synchronized void release() throws IOException {
      if (--holders == 0) {
        channel.close();
      }
    }
  }

  private final Shared shared;
  private final long offset;
  private final long length;
  private boolean handedOver; // a range took over this body's hold on the file
  private boolean released;

  private FileBody(Shared shared, long offset, long length) {
    this.shared = shared;
    this.offset = offset;
    this.length = length;
  }

  /** Lets go of this body's hold on the file; the last one closes it. */
  private void release() throws IOException {
    synchronized (this) {
      if (released || handedOver) {
        return;
      }
      released = true;
    }
    shared.release();
  }

  /**
   * Opens {@code path} for reading.
   *
   * @param path the file
   * @return its whole content as a body
   * @throws IOException if it cannot be opened
   */
  public static FileBody open(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return of(ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The whole of an open channel, which the body takes over. */
  static FileBody of(FileChannel channel) throws IOException {
    return new FileBody(new Shared(channel), 0, channel.size());
  }

  @Override
  public long length() {
    return length;
  }

  /**
   * A range of the same open file, sent by zero-copy too. The first range takes over this body's
   * hold on the file; further ranges (the parts of a multipart answer) hold it as well, and the
   * file is closed once every range has been written.
   */
  @Override
  public synchronized Body range(long from, long count) {
    if (from < 0 || count < 0 || from + count > length) {
      throw new IllegalArgumentException(
          "range " + from + "+" + count + " of a body of " + length + " bytes");
    }
    if (handedOver || released) {
      shared.hold();
    } else {
      handedOver = true;
    }
    return new FileBody(shared, offset + from, count);
  }

  /** The content, read at its own positions; closing the stream closes the file. */
  @Override
  public InputStream stream() {
    return new InputStream() {
      private long position = offset;
      private final long end = offset + length;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position >= end) {
          return -1;
        }
        int n =
            shared.channel.read(
                ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n < 0) {
          throw new IOException("the file shrank while it was being sent");
        }
        position += n;
        return n;
      }

      @Override
      public void close() throws IOException {
        release();
      }
    };
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (InputStream in = stream()) {
      byte[] buffer = new byte[(int) Math.min(64 * 1024, Math.max(1, length))];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("the file shrank while it was being sent");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  /**
   * Sends what {@code target} takes now of the content from {@code sent} bytes on, by zero-copy; a
   * non-blocking target may take nothing. Does not close the file.
   *
   * @param sent how many bytes of the content went already
   * @param max the most to send in this call
   * @param target where to send them
   * @return how many bytes went now
   * @throws IOException if the file or the target fails, or the file shrank
   */
  @Override
  public long transferFrom(long sent, long max, WritableByteChannel target) throws IOException {
    if (sent >= length) {
      return 0;
    }
    long n = shared.channel.transferTo(offset + sent, Math.min(max, length - sent), target);
    if (n <= 0 && shared.channel.size() <= offset + sent) {
      throw new IOException("the file shrank while it was being sent");
    }
    return Math.max(0, n);
  }

  /** Lets go of this body's hold on the file (the last holder closes it). Idempotent. */
  @Override
  public void close() throws IOException {
    release();
  }

  /**
   * Sends the content to {@code target} by zero-copy, then closes the file.
   *
   * @param target where to send it
   * @throws IOException if the file or the target fails
   */
  public void transferTo(WritableByteChannel target) throws IOException {
    try {
      long sent = 0;
      while (sent < length) {
        long n = shared.channel.transferTo(offset + sent, length - sent, target);
        if (n <= 0 && shared.channel.size() <= offset + sent) {
          throw new IOException("the file shrank while it was being sent");
        }
        sent += n;
      }
    } finally {
      release();
    }
  }

  @Override
  public String toString() {
    return "FileBody[" + (offset == 0 ? "" : "from " + offset + ", ") + length + " bytes]";
  }
}

package io.hexhttp.transport;

import io.hexhttp.core.Body;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.StandardOpenOption;

/**
 * A body backed by an open file: streamed, never loaded into memory, and sent by zero-copy
 * ({@link FileChannel#transferTo}) when the connection has a channel. The length is fixed when
 * the file is opened; the open channel keeps serving the content it had then even if the name is
 * replaced meanwhile (writes replace files by atomic move, never in place).
 */
public final class FileBody implements Body {
  private final FileChannel channel;
  private final long length;

  private FileBody(FileChannel channel, long length) {
    this.channel = channel;
    this.length = length;
  }

  /** Opens {@code path} for reading. */
  public static FileBody open(java.nio.file.Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new FileBody(ch, ch.size());
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public InputStream stream() {
    return Channels.newInputStream(channel); // closing it closes the file
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (InputStream in = stream()) {
      byte[] buffer = new byte[64 * 1024];
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

  /** Sends the whole content to {@code target} by zero-copy, then closes the file. */
  public void transferTo(WritableByteChannel target) throws IOException {
    try (channel) {
      long sent = 0;
      while (sent < length) {
        long n = channel.transferTo(sent, length - sent, target);
        if (n <= 0 && channel.size() <= sent) {
          throw new IOException("the file shrank while it was being sent");
        }
        sent += n;
      }
    }
  }

  @Override
  public String toString() {
    return "FileBody[" + length + " bytes]";
  }
}

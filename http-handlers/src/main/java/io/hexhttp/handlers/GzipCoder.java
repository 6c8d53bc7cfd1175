package io.hexhttp.handlers;

import io.hexhttp.core.Body;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The gzip coding (RFC 1952) of bodies held in memory, with deflaters kept for reuse: setting up a
 * {@link Deflater} (some 256 KiB of zlib state, allocated and cleared) costs more than deflating a
 * small body, and {@link java.util.zip.GZIPOutputStream} sets one up for every body.
 */
final class GzipCoder {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final Deflater[] idle;
  private int idleCount;

  /** Keeps up to {@code keep} idle deflaters; more are made when needed and ended after use. */
  GzipCoder(int keep) {
    this.idle = new Deflater[keep];
  }

  /** The gzip member holding {@code body}. */
  byte[] encode(Body.BytesBody body) throws IOException {
    Deflater deflater = take();
    try {
      Sink sink = new Sink(deflater, (int) body.length());
      body.writeTo(sink); // hands over the body's own array, no copy
      return sink.finish();
    } finally {
      give(deflater);
    }
  }

  private synchronized Deflater take() {
    return idleCount > 0 ? idle[--idleCount] : new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  }

  private void give(Deflater deflater) {
    deflater.reset();
    synchronized (this) {
      if (idleCount < idle.length) {
        idle[idleCount++] = deflater;
        return;
      }
    }
    deflater.end();
  }

  /** Deflates what is written into one growing array, between the gzip header and trailer. */
  private static final class Sink extends OutputStream {
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private byte[] out;
    private int size;
    private long total;

    Sink(Deflater deflater, int length) {
      this.deflater = deflater;
      this.out = new byte[Math.max(64, length / 2 + 32)];
      System.arraycopy(HEADER, 0, out, 0, HEADER.length);
      this.size = HEADER.length;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      crc.update(b, off, len);
      total += len;
      deflater.setInput(b, off, len);
      while (!deflater.needsInput()) {
        deflate();
      }
    }

    private void deflate() {
      if (size == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      size += deflater.deflate(out, size, out.length - size);
    }

    byte[] finish() {
      deflater.finish();
      while (!deflater.finished()) {
        deflate();
      }
      byte[] member = Arrays.copyOf(out, size + 8);
      putIntLe(member, size, (int) crc.getValue());
      putIntLe(member, size + 4, (int) total); // ISIZE: the length modulo 2^32
      return member;
    }

    private static void putIntLe(byte[] b, int at, int v) {
      b[at] = (byte) v;
      b[at + 1] = (byte) (v >>> 8);
      b[at + 2] = (byte) (v >>> 16);
      b[at + 3] = (byte) (v >>> 24);
    }
  }
}

package io.hexhttp.core.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Byte sources for parser tests. */
final class Wire {
  private Wire() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A stream that yields {@code data} split at {@code cuts} (each read returns one piece). */
  static InputStream split(byte[] data, int... cuts) {
    return new InputStream() {
      int pos;
      int cut;

      @Override
      public int read() {
        return pos < data.length ? data[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= data.length) {
          return -1;
        }
        int end = data.length;
        while (cut < cuts.length && cuts[cut] <= pos) {
          cut++;
        }
        if (cut < cuts.length) {
          end = cuts[cut];
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  /** A stream that yields one byte per read. */
  static InputStream trickle(byte[] data) {
    int[] everyByte = new int[Math.max(0, data.length - 1)];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = i + 1;
    }
    return split(data, everyByte);
  }

  static InputStream whole(byte[] data) {
    return new ByteArrayInputStream(data);
  }

  static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}

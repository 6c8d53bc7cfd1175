package io.hexhttp.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The bodies {@link Body}'s factories make beyond bytes and streams. */
final class Bodies {
  private Bodies() {}

  /** A range of {@code source}, streamed: skips to {@code offset}, then reads {@code length}. */
  static Body range(Body source, long offset, long length) {
    return new Body() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public InputStream stream() throws IOException {
        InputStream in = source.stream();
        try {
          in.skipNBytes(offset);
        } catch (IOException | RuntimeException e) {
          in.close();
          throw e;
        }
        return new FilterInputStream(in) {
          private long left = length;

          @Override
          public int read() throws IOException {
            if (left <= 0) {
              return -1;
            }
            int b = in.read();
            if (b >= 0) {
              left--;
            }
            return b;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
              return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
              left -= n;
            }
            return n;
          }

          @Override
          public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
          }

          @Override
          public int available() throws IOException {
            return (int) Math.min(in.available(), left);
          }
        };
      }

      @Override
      public void close() throws IOException {
        source.close();
      }

      @Override
      public String toString() {
        return "Body[range " + offset + "+" + length + " of " + source + "]";
      }
    };
  }

  /** A length without content. */
  static Body unsent(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length: " + length);
    }
    return new Body() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public InputStream stream() {
        throw new IllegalStateException("this body only stands for " + length + " unsent bytes");
      }

      @Override
      public String toString() {
        return "Body[" + length + " bytes, unsent]";
      }
    };
  }

  /** Parts one after another. */
  static Body concat(List<Body> parts) {
    List<Body> all = List.copyOf(parts);
    long total = 0;
    for (Body b : all) {
      long n = b.length();
      if (n < 0 || total < 0) {
        total = -1;
      } else {
        total += n;
      }
    }
    long length = total;
    return new Body() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public InputStream stream() {
        Iterator<Body> it = all.iterator();
        return new SequenceInputStream(
            new Enumeration<InputStream>() {
              @Override
              public boolean hasMoreElements() {
                return it.hasNext();
              }

              @Override
              public InputStream nextElement() {
                if (!it.hasNext()) {
                  throw new NoSuchElementException();
                }
                try {
                  return it.next().stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        for (Body b : all) {
          b.writeTo(out);
        }
      }

      @Override
      public void close() throws IOException {
        IOException first = null;
        for (Body b : all) {
          try {
            b.close();
          } catch (IOException e) {
            first = first == null ? e : first;
          }
        }
        if (first != null) {
          throw first;
        }
      }

      @Override
      public String toString() {
        return "Body[" + all.size() + " parts, " + length + " bytes]";
      }
    };
  }
}

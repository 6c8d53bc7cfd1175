package io.hexhttp.transport.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLException;

/**
 * Blocking streams of plaintext over a {@link TlsCodec} and a socket's raw streams: what a blocking
 * driver reads and writes on a TLS connection. Reads wait as the raw stream does (its timeout
 * applies); delegated tasks run on the calling thread.
 */
public final class TlsStreams {
  private final TlsCodec tls;
  private final InputStream rawIn;
  private final OutputStream rawOut;
  private final InputStream in;
  private final OutputStream out;

  /**
   * Streams over {@code tls}, reading from {@code rawIn} and writing to {@code rawOut}.
   *
   * @param tls the codec
   * @param rawIn the socket's input
   * @param rawOut the socket's output
   */
  public TlsStreams(TlsCodec tls, InputStream rawIn, OutputStream rawOut) {
    this.tls = tls;
    this.rawIn = rawIn;
    this.rawOut = rawOut;
    this.in =
        new InputStream() {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return readPlain(b, off, len);
          }

          @Override
          public int available() throws IOException {
            return tls.hasPlaintext() ? 1 : rawIn.available();
          }
        };
    this.out =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(b, off, len);
            while (src.hasRemaining()) {
              if (tls.wrap(src) == 0 && !tls.hasOutput()) {
                throw new SSLException("the TLS session is closed");
              }
              flushRaw();
            }
          }

          @Override
          public void flush() throws IOException {
            flushRaw();
            rawOut.flush();
          }
        };
  }

  /**
   * The plaintext from the peer.
   *
   * @return the stream
   */
  public InputStream input() {
    return in;
  }

  /**
   * The plaintext to the peer.
   *
   * @return the stream
   */
  public OutputStream output() {
    return out;
  }

  /**
   * Runs the handshake to its end (reads wait under the raw stream's timeout).
   *
   * @throws IOException if it fails, or the peer leaves
   */
  public void handshake() throws IOException {
    while (tls.handshaking()) {
      if (!step()) {
        throw new EOFException("the peer left during the TLS handshake");
      }
    }
  }

  private int readPlain(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (tls.hasPlaintext()) {
        return tls.take(b, off, len);
      }
      if (!step()) {
        return -1;
      }
    }
  }

  /** One round: pump, send what it made, read if it needs bytes. False at the end of the stream. */
  private boolean step() throws IOException {
    TlsCodec.Need need;
    try {
      need = tls.pump();
    } finally {
      flushRaw();
    }
    if (tls.renegotiating()) {
      throw new SSLException("renegotiation is refused");
    }
    switch (need) {
      case TASK -> {
        tls.runTasks();
        return true;
      }
      case CLOSED -> {
        return tls.hasPlaintext();
      }
      case NOTHING -> {
        if (tls.hasPlaintext()) {
          return true;
        }
        return readRaw();
      }
      default -> {
        return readRaw();
      }
    }
  }

  private boolean readRaw() throws IOException {
    ByteBuffer b = tls.readBuffer();
    int n = rawIn.read(b.array(), b.arrayOffset() + b.position(), b.remaining());
    tls.received(n);
    if (tls.plaintextHttp()) {
      throw new PlaintextHttpException();
    }
    return true;
  }

  private void flushRaw() throws IOException {
    ByteBuffer o = tls.output();
    if (o.hasRemaining()) {
      rawOut.write(o.array(), o.arrayOffset() + o.position(), o.remaining());
      o.position(o.limit());
      rawOut.flush();
    }
  }

  /** Closes the TLS session cleanly: close_notify goes out. */
  public void closeNotify() {
    try {
      tls.closeOutbound();
      flushRaw();
    } catch (IOException ignored) {
      // the peer is gone
    }
  }

  /** Plain HTTP came to the TLS port. */
  public static final class PlaintextHttpException extends SSLException {
    private static final long serialVersionUID = 1L;

    PlaintextHttpException() {
      super("plain HTTP sent to the HTTPS port");
    }
  }
}

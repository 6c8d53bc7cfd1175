package io.hexhttp.transport.internal;

import io.hexhttp.core.TlsInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS between a socket's bytes and the HTTP engine's, over the JDK's {@link SSLEngine}, with no I/O
 * of its own: the driver puts the encrypted bytes it read in, takes the plaintext out for the
 * engine, puts the engine's output in to be encrypted, and writes what is to be sent. The handshake
 * runs inside {@link #pump()}; its delegated tasks are handed to the driver to run where it likes
 * ({@link #runTasks()} on the thread of its choice).
 *
 * <p>Renegotiation is refused: a second handshake on a TLS 1.2 connection fails it. A stream that
 * ends without {@code close_notify} ends the plaintext there; the engine then never hands a partial
 * request to a handler. Buffers are allocated on use and let go while idle.
 */
public final class TlsCodec {
  /** What {@link #pump()} needs next. */
  public enum Need {
    /** Nothing: plaintext (if any) is ready, the handshake is done or waits on the peer. */
    NOTHING,
    /** More encrypted bytes from the peer. */
    READ,
    /** Delegated tasks to run ({@link #runTasks()}), then pump again. */
    TASK,
    /** The peer closed the TLS session (close_notify). */
    CLOSED
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /** What plain HTTP sent to the TLS port is answered with, in plain text (as nginx does). */
  public static final byte[] PLAINTEXT_REFUSAL =
      ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 50\r\n"
              + "Connection: close\r\n\r\n400 Bad Request: plain HTTP sent to an HTTPS port\n")
          .getBytes(StandardCharsets.US_ASCII);

  private final SSLEngine ssl;
  private final long handshakeDeadline;
  private ByteBuffer netIn; // read mode: encrypted bytes not yet unwrapped
  private ByteBuffer netOut; // read mode: encrypted bytes to send
  private ByteBuffer appIn; // read mode: plaintext not yet taken
  private ByteBuffer netInView; // views of the free space of each, reused
  private ByteBuffer netOutView;
  private ByteBuffer appInView;
  private boolean handshakeDone;
  private boolean inboundClosed;
  private boolean sawFirstByte;
  private boolean plaintextHttp;
  private String protocolAtHandshake;

  /**
   * A codec over {@code ssl}, a server engine not yet used.
   *
   * @param ssl the engine
   * @param handshakeDeadline when the handshake must be done ({@link System#nanoTime()} scale)
   */
  public TlsCodec(SSLEngine ssl, long handshakeDeadline) {
    this.ssl = ssl;
    this.handshakeDeadline = handshakeDeadline;
    ssl.setUseClientMode(false);
    try {
      ssl.beginHandshake(); // until now the engine says NOT_HANDSHAKING, as if it were done
    } catch (SSLException e) {
      throw new IllegalStateException("a fresh SSLEngine refused to begin", e);
    }
  }

  /**
   * When the handshake must be done.
   *
   * @return the deadline, {@link System#nanoTime()} scale
   */
  public long handshakeDeadline() {
    return handshakeDeadline;
  }

  /**
   * Whether the handshake is still under way.
   *
   * @return whether it is
   */
  public boolean handshaking() {
    return !handshakeDone;
  }

  /**
   * The TLS session, once the handshake is done.
   *
   * @return the session
   */
  public SSLSession session() {
    return ssl.getSession();
  }

  /**
   * What the handshake negotiated, as requests carry it.
   *
   * @return the protocol, suite, SNI name and the client's verified chain
   */
  public TlsInfo info() {
    SSLSession session = ssl.getSession();
    String serverName = null;
    if (session instanceof ExtendedSSLSession ext) {
      for (SNIServerName name : ext.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          serverName = host.getAsciiName();
        }
      }
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          chain.add(x);
        }
      }
    } catch (SSLPeerUnverifiedException none) {
      // the client presented no certificate
    }
    return new TlsInfo(session.getProtocol(), session.getCipherSuite(), serverName, chain);
  }

  /**
   * Where to read encrypted bytes into: a heap buffer with its position at the first free byte.
   * Report them with {@link #received(int)}.
   *
   * @return the buffer
   */
  public ByteBuffer readBuffer() {
    int size = ssl.getSession().getPacketBufferSize();
    if (netIn == null) {
      netIn = ByteBuffer.allocate(size).flip();
    } else if (netIn.limit() == netIn.capacity()) {
      netIn.compact().flip();
      if (netIn.limit() == netIn.capacity()) {
        ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() + size);
        bigger.put(netIn).flip();
        netIn = bigger;
      }
    }
    netInView = view(netInView, netIn);
    return netInView;
  }

  /**
   * Reports encrypted bytes read into {@link #readBuffer()}.
   *
   * @param n how many, or -1 at the end of the stream
   */
  public void received(int n) {
    if (n < 0) {
      inboundClosed = true;
      return;
    }
    if (n > 0 && !sawFirstByte) {
      sawFirstByte = true;
      byte first = netIn.array()[netIn.limit()];
      plaintextHttp = first >= 'A' && first <= 'Z'; // a request line, not a TLS record (0x16)
    }
    netIn.limit(netIn.limit() + n);
  }

  /**
   * Whether the peer spoke plain HTTP to this TLS port.
   *
   * @return whether the first byte was a request line's
   */
  public boolean plaintextHttp() {
    return plaintextHttp;
  }

  /**
   * Runs the handshake as far as the bytes received allow and decrypts what they hold. What it has
   * to send lands in {@link #output()}.
   *
   * @return what is needed next
   * @throws SSLException if the peer's bytes are not acceptable TLS (an alert is in the output)
   */
  public Need pump() throws SSLException {
    try {
      while (true) {
        HandshakeStatus hs = ssl.getHandshakeStatus();
        switch (hs) {
          case NEED_TASK -> {
            return Need.TASK;
          }
          case NEED_WRAP -> wrapInto(EMPTY);
          default -> {
            if (hs == HandshakeStatus.NOT_HANDSHAKING && !handshakeDone) {
              finishHandshake();
            }
            if (netIn == null || !netIn.hasRemaining()) {
              if (inboundClosed) {
                return Need.CLOSED;
              }
              return handshakeDone ? Need.NOTHING : Need.READ;
            }
            ByteBuffer dst = appInFree();
            SSLEngineResult r = ssl.unwrap(netIn, dst);
            appIn.limit(dst.position());
            switch (r.getStatus()) {
              case BUFFER_UNDERFLOW -> {
                if (inboundClosed) {
                  return Need.CLOSED; // a record cut off: the stream was truncated
                }
                return handshakeDone ? Need.NOTHING : Need.READ;
              }
              case BUFFER_OVERFLOW -> {
                if (appIn.hasRemaining()) {
                  return Need.NOTHING; // the plaintext waits to be taken first
                }
                appIn = ByteBuffer.allocate(appIn.capacity() * 2).flip();
              }
              case CLOSED -> {
                inboundClosed = true;
                return Need.CLOSED;
              }
              default -> {
                if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                  finishHandshake();
                }
              }
            }
          }
        }
      }
    } catch (SSLException e) {
      // the engine has an alert to send: put it in the output, then fail
      ssl.closeOutbound();
      try {
        wrapInto(EMPTY);
      } catch (SSLException ignored) {
        // nothing more to say
      }
      throw e;
    }
  }

  /** A view of {@code buffer}'s free space (after its limit), reusing {@code view} when it can. */
  private static ByteBuffer view(ByteBuffer view, ByteBuffer buffer) {
    if (view == null || view.array() != buffer.array()) {
      view = ByteBuffer.wrap(buffer.array());
    }
    view.limit(buffer.capacity()).position(buffer.limit());
    return view;
  }

  /** A view of appIn's free space, after what waits to be taken. */
  private ByteBuffer appInFree() {
    if (appIn == null) {
      appIn = ByteBuffer.allocate(ssl.getSession().getApplicationBufferSize()).flip();
    } else if (!appIn.hasRemaining()) {
      appIn.clear().flip();
    } else if (appIn.limit() == appIn.capacity()) {
      appIn.compact().flip();
    }
    appInView = view(appInView, appIn);
    return appInView;
  }

  private void finishHandshake() {
    if (handshakeDone) {
      return;
    }
    handshakeDone = true;
    protocolAtHandshake = ssl.getSession().getProtocol();
  }

  /**
   * Encrypts plaintext from {@code src} into the output.
   *
   * @param src the plaintext; its position advances over what was taken
   * @return how many bytes were taken
   * @throws SSLException if the engine fails
   */
  public int wrap(ByteBuffer src) throws SSLException {
    int before = src.position();
    while (src.hasRemaining()) {
      if (!wrapInto(src)) {
        break;
      }
    }
    return src.position() - before;
  }

  private boolean wrapInto(ByteBuffer src) throws SSLException {
    int size = ssl.getSession().getPacketBufferSize();
    if (netOut == null) {
      netOut = ByteBuffer.allocate(size).flip();
    }
    if (netOut.capacity() - netOut.limit() < size) {
      netOut.compact();
      if (netOut.capacity() - netOut.position() < size) {
        ByteBuffer bigger = ByteBuffer.allocate(netOut.position() + size * 2);
        netOut.flip();
        bigger.put(netOut);
        netOut = bigger;
      }
      netOut.flip();
    }
    netOutView = view(netOutView, netOut);
    ByteBuffer free = netOutView;
    SSLEngineResult r = ssl.wrap(src, free);
    netOut.limit(free.position());
    if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
      finishHandshake();
    }
    return r.getStatus() == SSLEngineResult.Status.OK && r.bytesConsumed() > 0;
  }

  /** Runs the handshake's delegated tasks ({@link Need#TASK}) on the calling thread; then pump. */
  public void runTasks() {
    for (Runnable task; (task = ssl.getDelegatedTask()) != null; ) {
      task.run();
    }
  }

  /**
   * Whether decrypted bytes wait to be taken.
   *
   * @return whether they do
   */
  public boolean hasPlaintext() {
    return appIn != null && appIn.hasRemaining();
  }

  /**
   * Moves decrypted bytes into {@code dst}.
   *
   * @param dst where to (position advances)
   * @return how many moved
   */
  public int take(ByteBuffer dst) {
    if (appIn == null) {
      return 0;
    }
    int n = Math.min(dst.remaining(), appIn.remaining());
    dst.put(dst.position(), appIn, appIn.position(), n);
    dst.position(dst.position() + n);
    appIn.position(appIn.position() + n);
    return n;
  }

  /**
   * Moves decrypted bytes into {@code dst}.
   *
   * @param dst the array
   * @param off where in it
   * @param len the most to move
   * @return how many moved
   */
  public int take(byte[] dst, int off, int len) {
    if (appIn == null) {
      return 0;
    }
    int n = Math.min(len, appIn.remaining());
    appIn.get(dst, off, n);
    return n;
  }

  /**
   * Encrypted bytes waiting to be sent (read mode); the driver writes from its position.
   *
   * @return the pending bytes, possibly none
   */
  public ByteBuffer output() {
    return netOut == null ? EMPTY : netOut;
  }

  /**
   * Whether encrypted bytes wait to be sent.
   *
   * @return whether they do
   */
  public boolean hasOutput() {
    return netOut != null && netOut.hasRemaining();
  }

  /** Starts a clean close: {@code close_notify} lands in the output. */
  public void closeOutbound() {
    ssl.closeOutbound();
    try {
      wrapInto(EMPTY);
    } catch (SSLException ignored) {
      // closing anyway
    }
  }

  /** Lets go of the buffers that hold nothing, while the connection is idle. */
  public void releaseBuffers() {
    if (netIn != null && !netIn.hasRemaining()) {
      netIn = null;
      netInView = null;
    }
    if (netOut != null && !netOut.hasRemaining()) {
      netOut = null;
      netOutView = null;
    }
    if (appIn != null && !appIn.hasRemaining()) {
      appIn = null;
      appInView = null;
    }
  }

  /**
   * Whether a TLS 1.2 session began a second handshake (renegotiation), which is refused.
   *
   * @return whether one began
   */
  public boolean renegotiating() {
    return handshakeDone
        && "TLSv1.2".equals(protocolAtHandshake)
        && ssl.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING;
  }
}

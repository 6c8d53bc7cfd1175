package io.hexhttp.transport.blocking;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.codec.ResponseEncoder.Framing;
import io.hexhttp.core.http1.Http1Engine;
import io.hexhttp.core.port.ServerObserver;
import io.hexhttp.transport.internal.FileTransfer;
import io.hexhttp.transport.internal.TlsCodec;
import io.hexhttp.transport.internal.TlsStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives an {@link Http1Engine} over a blocking socket on the calling (virtual) thread: reads wait
 * under the engine's deadline, the handler runs here, writes block. The virtual-thread transport
 * runs one per connection; the event loop hands a connection to one when it must block. A write
 * that makes no progress is cut by the server's watchdog ({@link #writeStalled}).
 */
public final class BlockingDriver implements Runnable {
  private static final System.Logger LOG = System.getLogger("io.hexhttp.transport");
  private static final int IDLE = 0;
  private static final int BUSY = 1;
  private static final int CLOSED = 2;
  private static final long SLICE = 1 << 20; // zero-copy in slices, so progress is seen

  private final SocketChannel channel;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final OutputStream rawOut;
  private final TlsCodec codec; // null over plain TCP
  private final TlsStreams tls;
  private final Http1Engine engine;
  private final HttpHandler handler;
  private final ServerObserver observer;
  private final AtomicInteger state = new AtomicInteger(BUSY);
  private volatile long writingSince; // when the write in progress began, 0 when none

  /** A driver of {@code engine} over {@code channel}, which must be in blocking mode. */
  public BlockingDriver(
      SocketChannel channel, Http1Engine engine, HttpHandler handler, ServerObserver observer)
      throws IOException {
    this(channel, engine, handler, observer, null);
  }

  /**
   * A driver of {@code engine} over {@code channel} (in blocking mode), through TLS when {@code
   * codec} is given: its handshake runs first, if it has not already.
   */
  public BlockingDriver(
      SocketChannel channel,
      Http1Engine engine,
      HttpHandler handler,
      ServerObserver observer,
      TlsCodec codec)
      throws IOException {
    this.channel = channel;
    this.socket = channel.socket();
    this.engine = engine;
    this.handler = handler;
    this.observer = observer;
    InputStream rawIn = socket.getInputStream();
    OutputStream raw = socket.getOutputStream();
    this.rawOut =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            writingSince = System.nanoTime();
            try {
              raw.write(b, off, len);
            } finally {
              writingSince = 0;
            }
            if (len > 0) {
              observer.bytesWritten(len);
            }
          }
        };
    this.codec = codec;
    this.tls = codec == null ? null : new TlsStreams(codec, rawIn, rawOut);
    this.in = tls == null ? rawIn : tls.input();
    this.out = tls == null ? rawOut : tls.output();
    engine.input(this::fill);
  }

  @Override
  public void run() {
    try {
      if (codec != null && !handshake()) {
        return;
      }
      while (true) {
        long now = System.nanoTime();
        switch (engine.next(now)) {
          case READ -> read(now);
          case WRITE -> engine.writeOutput(out, now);
          case HANDLE -> engine.handle(handler, now);
          case WRITE_BODY -> writeBody(now);
          case SHUTDOWN_OUTPUT -> {
            if (tls != null) {
              tls.closeNotify();
            }
            socket.shutdownOutput();
          }
          case CLOSE -> {
            if (tls != null) {
              tls.closeNotify();
            }
            return;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the peer went away, or the connection was cut: nothing left to answer
      LOG.log(Level.DEBUG, () -> "connection ended: " + e);
    } catch (OutOfMemoryError e) {
      // this connection ends (one line, no stack trace), not the server
      LOG.log(Level.WARNING, () -> "out of memory, a connection closed: " + e);
    } finally {
      state.set(CLOSED);
      engine.close();
      abort();
    }
  }

  /** Runs the TLS handshake under its deadline; false (having answered or closed) if it fails. */
  private boolean handshake() throws IOException {
    long left = codec.handshakeDeadline() - System.nanoTime();
    socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
    try {
      tls.handshake();
    } catch (TlsStreams.PlaintextHttpException e) {
      observer.tlsHandshakeFailed();
      rawOut.write(TlsCodec.PLAINTEXT_REFUSAL);
      socket.shutdownOutput();
      return false;
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "TLS handshake failed: " + e);
      observer.tlsHandshakeFailed();
      return false;
    }
    engine.secure(codec.info());
    return true;
  }

  /** A handler's body read needs bytes: what is pending goes out first (100 Continue). */
  private void fill() throws IOException {
    long now = System.nanoTime();
    engine.writeOutput(out, now);
    read(now);
  }

  private void read(long now) throws IOException {
    long deadline = engine.deadline();
    if (deadline <= now) {
      if (!engine.isShuttingDown() || in.available() == 0) {
        engine.timeout(now);
        return;
      }
      deadline = now + 1_000_000_000L; // shutting down, but a request was sent: read it
    }
    boolean idle = engine.isIdle();
    if (idle) {
      state.compareAndSet(BUSY, IDLE);
      if (engine.isShuttingDown() && nothingSent() && state.compareAndSet(IDLE, CLOSED)) {
        throw new IOException("shut down while idle");
      }
    }
    long waitMillis =
        deadline == Long.MAX_VALUE ? 0 : Math.max(1, (deadline - now + 999_999) / 1_000_000);
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, waitMillis));
    ByteBuffer b = engine.readBuffer();
    int n;
    try {
      n = in.read(b.array(), b.arrayOffset() + b.position(), b.remaining());
    } catch (SocketTimeoutException e) {
      n = 0;
    } finally {
      if (idle && !state.compareAndSet(IDLE, BUSY)) {
        throw new IOException("closed while idle");
      }
    }
    long after = System.nanoTime();
    if (n > 0) {
      observer.bytesRead(n);
    }
    if (n != 0) {
      engine.received(n, after);
    } else if (after >= engine.deadline()) {
      engine.timeout(after);
    }
  }

  private void writeBody(long now) throws IOException {
    Framing framing = engine.framing();
    if ((framing == Framing.LENGTH || framing == Framing.LENGTH_CLOSE)
        && tls == null
        && engine.body() instanceof FileTransfer file) {
      engine.writeOutput(out, now);
      long sent = 0;
      while (sent < file.length()) {
        writingSince = System.nanoTime();
        long n;
        try {
          n = file.transferFrom(sent, SLICE, channel);
        } finally {
          writingSince = 0;
        }
        sent += n;
        observer.bytesWritten(n);
      }
      engine.bodyWritten(sent, System.nanoTime());
      return;
    }
    engine.writeOutput(out, now);
    engine.writeBody(out, now);
  }

  /** Whether a write has been blocked for longer than {@code nanos} (a client not reading). */
  public boolean writeStalled(long now, long nanos) {
    long since = writingSince;
    return since != 0 && now - since > nanos;
  }

  /**
   * Shutdown has begun: the answer under way says {@code Connection: close}, and a connection
   * waiting for a request (or that never sent one) closes now. Callable from any thread.
   */
  public void shutdown() {
    engine.shutdown();
    if (state.get() == IDLE && nothingSent() && state.compareAndSet(IDLE, CLOSED)) {
      abort();
    }
  }

  /** Whether no byte waits in the socket to be read (any thread). */
  private boolean nothingSent() {
    try {
      return in.available() == 0;
    } catch (IOException e) {
      return true;
    }
  }

  /** Closes the socket whatever the connection is doing; its thread then ends. Any thread. */
  public void abort() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already broken
    }
  }
}

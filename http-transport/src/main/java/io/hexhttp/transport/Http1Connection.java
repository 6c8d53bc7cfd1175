package io.hexhttp.transport;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import io.hexhttp.core.Version;
import io.hexhttp.core.codec.RequestParser;
import io.hexhttp.core.codec.ResponseEncoder;
import io.hexhttp.core.codec.ResponseEncoder.Framing;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.channels.WritableByteChannel;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP/1.1 connection loop over one {@link Conduit}: read a request, call the handler, write
 * the response, as long as the connection persists (RFC 9112 §9).
 *
 * <p>Requests pipelined behind each other are answered in order, and the output is flushed once
 * per batch, when no further request is buffered. A malformed request is answered with its
 * status, {@code Connection: close}, and the connection is closed; so is a handler that throws
 * (500, logged once). {@code Expect: 100-continue} is answered when the handler first reads the
 * body. A body the handler left unread is drained up to a bound, or the connection is closed.
 *
 * <p>{@link #run()} blocks the calling thread until the connection ends; the server gives each
 * connection a virtual thread, while tests run it on their own thread over memory.
 */
public final class Http1Connection implements Runnable {
  private static final System.Logger LOG = System.getLogger("io.hexhttp.transport");
  private static final int IDLE = 0;
  private static final int BUSY = 1;
  private static final int CLOSED = 2;

  private final HttpHandler handler;
  private final ServerConfig config;
  private final Conduit conduit;
  private final AtomicInteger state = new AtomicInteger(IDLE);
  private volatile boolean draining;
  private volatile boolean served; // a request has been answered: idle now means between requests

  /** A connection that serves {@code handler} over {@code conduit}. */
  public Http1Connection(HttpHandler handler, ServerConfig config, Conduit conduit) {
    this.handler = Objects.requireNonNull(handler);
    this.config = Objects.requireNonNull(config);
    this.conduit = Objects.requireNonNull(conduit);
  }

  /**
   * Asks the connection to end: closes it now if it waits for a request, otherwise lets the
   * current request finish and answers it with {@code Connection: close}.
   */
  public void shutdown() {
    draining = true;
    if (served && state.compareAndSet(IDLE, CLOSED)) {
      abortQuietly();
    }
  }

  /**
   * Closes the connection if it is waiting for a request, even its first one (whose bytes may
   * still be on their way when {@link #shutdown()} is called).
   */
  public void closeIfIdle() {
    if (state.compareAndSet(IDLE, CLOSED)) {
      abortQuietly();
    }
  }

  /** Closes the connection whatever it is doing. */
  public void abort() {
    state.set(CLOSED);
    abortQuietly();
  }

  private void abortQuietly() {
    try {
      conduit.abort();
    } catch (IOException ignored) {
      // already broken
    }
  }

  @Override
  public void run() {
    OutputStream out = conduit.output(); // the encoder gathers each batch of responses
    RequestParser parser =
        new RequestParser(conduit.input(), config.limits(), config.compliance());
    ResponseEncoder encoder = new ResponseEncoder(config.sendDate(), Clock.systemUTC());
    try {
      serve(parser, encoder, out);
    } catch (IOException | RuntimeException e) {
      // the peer went away or the conduit failed: nothing left to answer
      LOG.log(Level.DEBUG, () -> "connection " + conduit.peer() + " ended: " + e);
    } finally {
      try {
        encoder.flush(out);
      } catch (IOException ignored) {
        // the peer is gone
      }
      state.set(CLOSED);
      closeQuietly();
    }
  }

  private void serve(RequestParser parser, ResponseEncoder encoder, OutputStream out)
      throws IOException {
    long idleMillis = config.idleTimeout().toMillis();
    long headNanos = config.headTimeout().toNanos();
    long bodyMillis = config.bodyReadTimeout().toMillis();
    String remoteAddress = conduit.remoteAddress();
    while (true) {
      if (!parser.hasBufferedInput()) {
        encoder.flush(out);
        conduit.readTimeouts(idleMillis, 0);
        try {
          if (!parser.awaitInput()) {
            return;
          }
        } catch (SocketTimeoutException idle) {
          return;
        }
      }
      if (!state.compareAndSet(IDLE, BUSY)) {
        return; // shut down while waiting
      }
      conduit.readTimeouts(idleMillis, System.nanoTime() + headNanos);
      HttpRequest request;
      try {
        request = parser.next();
      } catch (HttpException e) {
        refuse(e.status(), e.getMessage(), encoder, out);
        return;
      } catch (SocketTimeoutException e) {
        refuse(Status.REQUEST_TIMEOUT, "the request head took too long", encoder, out);
        return;
      }
      if (request == null) {
        return;
      }
      if (remoteAddress != null) {
        request = request.withPeer(remoteAddress);
      }
      conduit.readTimeouts(bodyMillis, 0);
      if (!exchange(request, parser, encoder, out)) {
        return;
      }
      served = true;
      if (!state.compareAndSet(BUSY, IDLE) || draining) {
        return;
      }
    }
  }

  /** Answers one request; returns whether the connection goes on. */
  private boolean exchange(
      HttpRequest request, RequestParser parser, ResponseEncoder encoder, OutputStream out)
      throws IOException {
    TrackedBody tracked = null;
    String expect = request.headers().firstOrNull("Expect");
    if (expect != null) {
      if (!expect.equalsIgnoreCase("100-continue") || request.headers().count("Expect") > 1) {
        refuse(Status.EXPECTATION_FAILED, "unsupported expectation", encoder, out);
        return false;
      }
    }
    boolean sendContinue =
        expect != null && request.version() == Version.HTTP_1_1 && !request.body().isEmpty();
    if (!request.body().isEmpty()) {
      tracked = new TrackedBody(request.body(), sendContinue ? () -> encoder.writeContinue(out) : null);
      request = request.withBody(tracked);
    }

    HttpResponse response;
    try {
      response = handler.handle(request);
      if (response == null) {
        throw new IllegalStateException("the handler returned no response");
      }
    } catch (HttpException e) {
      refuse(e.status(), e.getMessage(), encoder, out, request);
      return false;
    } catch (IOException | RuntimeException | Error e) {
      if (tracked != null && tracked.failure != null) {
        return failedBody(tracked.failure, encoder, out, request);
      }
      LOG.log(Level.ERROR, "handler failed on " + request, e);
      refuse(Status.INTERNAL_SERVER_ERROR, "the handler failed", encoder, out, request);
      return false;
    }

    boolean keepAlive = request.isKeepAlive() && !draining; // a shutdown may have begun meanwhile
    if (!parser.bodyConsumed()) {
      if (tracked != null && tracked.continuePending()) {
        keepAlive = false; // the client still waits for our word before it sends the body
      } else {
        try {
          keepAlive &= parser.discardBody(config.drainLimit());
        } catch (HttpException e) {
          refuse(e.status(), e.getMessage(), encoder, out, request);
          return false;
        }
      }
    }
    Framing framing =
        encoder.writeHead(response, request.method(), request.version(), keepAlive, out);
    writeBody(framing, response.body(), encoder, out);
    if (!framing.keepAlive()) {
      encoder.flush(out);
      return false;
    }
    return true;
  }

  private boolean failedBody(
      IOException failure, ResponseEncoder encoder, OutputStream out, HttpRequest request)
      throws IOException {
    if (failure instanceof SocketTimeoutException) {
      refuse(Status.REQUEST_TIMEOUT, "the request body stalled", encoder, out, request);
    } else if (!(failure instanceof EOFException)) {
      LOG.log(Level.DEBUG, () -> "reading the body of " + request + " failed: " + failure);
    }
    return false; // at EOF the peer is gone: no one to answer
  }

  private void writeBody(Framing framing, Body body, ResponseEncoder encoder, OutputStream out)
      throws IOException {
    WritableByteChannel channel = conduit.channel();
    if ((framing == Framing.LENGTH || framing == Framing.LENGTH_CLOSE)
        && channel != null
        && body instanceof FileBody file) {
      encoder.flush(out);
      file.transferTo(channel);
      return;
    }
    encoder.writeBody(framing, body, out);
  }

  private void refuse(Status status, String why, ResponseEncoder encoder, OutputStream out)
      throws IOException {
    refuse(status, why, encoder, out, null);
  }

  private void refuse(
      Status status, String why, ResponseEncoder encoder, OutputStream out, HttpRequest request)
      throws IOException {
    LOG.log(
        Level.DEBUG,
        () -> "refused " + (request == null ? "a request" : request) + " from " + conduit.peer()
            + " with " + status + ": " + why);
    HttpResponse response =
        HttpResponse.of(status)
            .withHeader("Content-Type", "text/plain")
            .withBody(Body.of(status.code() + " " + status.reason() + ": " + why + "\n"));
    Method method = request == null ? null : request.method();
    Version version = request == null ? Version.HTTP_1_1 : request.version();
    encoder.write(response, method, version, false, out);
  }

  private void closeQuietly() {
    try {
      conduit.close();
    } catch (IOException ignored) {
      // closing a broken connection
    }
  }

  /** Whether the connection has ended. */
  public boolean isClosed() {
    return state.get() == CLOSED;
  }

  /** A request body that sends 100 Continue on first read and remembers a read failure. */
  private static final class TrackedBody implements Body {
    interface Continue {
      void send() throws IOException;
    }

    private final Body body;
    private Continue onFirstRead;
    IOException failure;

    TrackedBody(Body body, Continue onFirstRead) {
      this.body = body;
      this.onFirstRead = onFirstRead;
    }

    boolean continuePending() {
      return onFirstRead != null;
    }

    @Override
    public long length() {
      return body.length();
    }

    @Override
    public InputStream stream() throws IOException {
      InputStream in = body.stream();
      return new InputStream() {
        private void before() throws IOException {
          if (onFirstRead != null) {
            Continue c = onFirstRead;
            onFirstRead = null;
            c.send();
          }
        }

        @Override
        public int read() throws IOException {
          before();
          try {
            return in.read();
          } catch (IOException e) {
            failure = e;
            throw e;
          }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          before();
          try {
            return in.read(b, off, len);
          } catch (IOException e) {
            failure = e;
            throw e;
          }
        }

        @Override
        public int available() throws IOException {
          return in.available();
        }
      };
    }
  }

}

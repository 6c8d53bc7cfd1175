package io.hexhttp.transport;

import io.hexhttp.core.Body;
import io.hexhttp.core.ErrorResponder;
import io.hexhttp.core.Forwarded;
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
import io.hexhttp.core.codec.WouldBlockException;
import io.hexhttp.core.port.ServerObserver;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.channels.WritableByteChannel;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

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
  /** Response bodies up to this size are written by an event loop; larger ones stream. */
  static final int INLINE_BODY_LIMIT = 16 * 1024;

  private final HttpHandler handler;
  private final ServerConfig config;
  private final Conduit conduit;
  private final ServerObserver observer;
  private final Forwarded forwarded; // null when no proxy is trusted
  private final boolean timed; // whether exchanges are timed for the observer
  private long exchangeStart;
  // when the previous exchange ended, if a pipelined request was already waiting behind it: that
  // request's time starts there, which spares a clock read per pipelined request
  private long pipelinedStart;
  private final AtomicInteger state = new AtomicInteger(IDLE);
  private final RequestParser parser;
  private final ResponseEncoder encoder;
  private final OutputStream out;
  private final boolean nonBlocking;
  private final long idleMillis;
  private final long headNanos;
  private final long bodyReadMillis;
  private BooleanSupplier closingSignal = () -> false; // an event loop's
  private volatile boolean draining;
  private volatile boolean served; // a request has been answered: idle now means between requests
  // what an event loop handed over: bytes still to write, then a request (and its response)
  private byte[] resumeOutput;
  private HttpRequest resumeRequest;
  private HttpResponse resumeResponse;

  /** A connection that serves {@code handler} over {@code conduit}. */
  public Http1Connection(HttpHandler handler, ServerConfig config, Conduit conduit) {
    this(handler, config, conduit, ServerObserver.NONE);
  }

  /** A connection that serves {@code handler} over {@code conduit} and reports to {@code observer}. */
  public Http1Connection(
      HttpHandler handler, ServerConfig config, Conduit conduit, ServerObserver observer) {
    this(handler, config, conduit, null, false, observer);
  }

  /**
   * A connection over a conduit whose input may throw {@link WouldBlockException}: the event
   * loop drives it with {@link #step}, and hands it to a blocking thread when a request needs
   * to stream.
   */
  Http1Connection(
      HttpHandler handler,
      ServerConfig config,
      Conduit conduit,
      RequestParser parser,
      boolean nonBlocking,
      ServerObserver observer) {
    this.handler = Objects.requireNonNull(handler);
    this.config = Objects.requireNonNull(config);
    this.conduit = Objects.requireNonNull(conduit);
    this.observer = Objects.requireNonNull(observer);
    this.forwarded = config.trustedProxies().isEmpty() ? null : config.trustedProxies();
    this.timed = observer != ServerObserver.NONE;
    if (parser == null) {
      parser = new RequestParser(conduit.input(), config.limits(), config.compliance());
      parser.peer(conduit.remoteAddress());
    }
    this.parser = parser;
    this.encoder = new ResponseEncoder(config.sendDate(), Clock.systemUTC());
    this.out = conduit.output(); // the encoder gathers each batch of responses
    this.nonBlocking = nonBlocking;
    this.idleMillis = config.idleTimeout().toMillis();
    this.headNanos = config.headTimeout().toNanos();
    this.bodyReadMillis = config.bodyReadTimeout().toMillis();
  }

  /**
   * Takes over from an event loop: a blocking connection over {@code conduit} that first writes
   * {@code pending}, then answers {@code request} (with {@code response}, if the handler already
   * gave it), then goes on as usual.
   */
  static Http1Connection resume(
      HttpHandler handler,
      ServerConfig config,
      Conduit conduit,
      RequestParser parser,
      byte[] pending,
      HttpRequest request,
      HttpResponse response,
      ServerObserver observer) {
    Http1Connection c = new Http1Connection(handler, config, conduit, parser, false, observer);
    c.resumeOutput = pending;
    c.resumeRequest = request;
    c.resumeResponse = response;
    c.served = true;
    c.state.set(BUSY); // mid-request: a shutdown lets it finish
    return c;
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
    try {
      if (resumeOutput != null && resumeOutput.length > 0) {
        out.write(resumeOutput);
      }
      resumeOutput = null;
      serve();
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

  private void serve() throws IOException {
    while (true) {
      HttpRequest request = resumeRequest;
      resumeRequest = null;
      if (request != null) {
        state.set(BUSY);
      } else {
        if (!parser.hasBufferedInput()) {
          encoder.flush(out);
          conduit.readTimeouts(idleMillis, 0);
          try {
            if (!parser.awaitInput()) {
              return;
            }
          } catch (SocketTimeoutException idle) {
            observer.connectionTimedOut();
            return;
          }
        }
        if (!state.compareAndSet(IDLE, BUSY)) {
          return; // shut down while waiting
        }
        conduit.readTimeouts(idleMillis, System.nanoTime() + headNanos);
        try {
          request = parser.next();
        } catch (HttpException e) {
          refuse(e.status(), e.getMessage(), null);
          return;
        } catch (SocketTimeoutException e) {
          refuseSlowHead();
          return;
        }
        if (request == null) {
          return;
        }
      }
      if (step(request) != Outcome.NEXT) {
        return;
      }
      if (!state.compareAndSet(BUSY, IDLE) || draining) {
        return;
      }
    }
  }

  /** What became of one request. */
  enum Outcome {
    /** Answered; the connection may carry the next request. */
    NEXT,
    /** Answered (or refused); the connection is to be closed. */
    CLOSE,
    /**
     * Not answered yet: the request's body, or the response's, has to stream, which a
     * non-blocking connection leaves to a blocking one ({@link #handedOverRequest()}).
     */
    HAND_OVER
  }

  /** The request (and response, if any) that a {@link Outcome#HAND_OVER} left unanswered. */
  HttpRequest handedOverRequest() {
    return resumeRequest;
  }

  HttpResponse handedOverResponse() {
    return resumeResponse;
  }

  /** Lets go of the parser's and the encoder's buffers while they hold nothing (idle). */
  void releaseBuffers() {
    parser.releaseBuffer();
    encoder.releaseBuffer();
  }

  /** The parser, which the blocking connection that takes over goes on with. */
  RequestParser parser() {
    return parser;
  }

  /** Answers from now on with {@code Connection: close}; the event loop's shutdown. */
  void drain() {
    draining = true;
  }

  /** Also answers with {@code Connection: close} once {@code signal} says the server closes. */
  void drainWhen(BooleanSupplier signal) {
    closingSignal = signal;
  }

  /** Whether a request has been answered on this connection. */
  boolean hasServed() {
    return served;
  }

  /** Answers one request into the encoder's batch. */
  Outcome step(HttpRequest request) throws IOException {
    if (timed) {
      exchangeStart = pipelinedStart != 0 ? pipelinedStart : System.nanoTime();
      pipelinedStart = 0;
    }
    conduit.readTimeouts(bodyReadMillis, 0);
    if (forwarded != null && resumeResponse == null) {
      request = forwarded.apply(request); // the client's address, scheme and host
    }
    if (nonBlocking && !request.body().isEmpty()) {
      resumeRequest = request;
      return Outcome.HAND_OVER;
    }
    TrackedBody tracked = null;
    String expect = request.headers().firstOrNull("Expect");
    if (expect != null) {
      if (!expect.equalsIgnoreCase("100-continue") || request.headers().count("Expect") > 1) {
        refuse(Status.EXPECTATION_FAILED, "unsupported expectation", request);
        return Outcome.CLOSE;
      }
    }
    boolean sendContinue =
        expect != null && request.version() == Version.HTTP_1_1 && !request.body().isEmpty();
    if (!request.body().isEmpty()) {
      tracked = new TrackedBody(request.body(), sendContinue ? () -> encoder.writeContinue(out) : null);
      request = request.withBody(tracked);
    }

    HttpResponse response = resumeResponse;
    resumeResponse = null;
    if (response == null) {
      try {
        response = handler.handle(request);
        if (response == null) {
          throw new IllegalStateException("the handler returned no response");
        }
      } catch (IOException | RuntimeException | Error e) {
        if (tracked != null && tracked.failure != null) {
          failedBody(tracked.failure, request); // the request itself failed: close
          return Outcome.CLOSE;
        }
        if (e instanceof Error) {
          LOG.log(Level.ERROR, "handler failed on " + request, e);
          observer.handlerFailed();
          refuse(Status.INTERNAL_SERVER_ERROR, "the handler failed", request);
          return Outcome.CLOSE;
        }
        // an error is a response like any other: the connection stays open if it can
        response = ErrorResponder.TEXT.respond(
            request, e instanceof RuntimeException re ? re : new UncheckedIOException((IOException) e));
      }
      if (response.failure().isPresent()) {
        observer.handlerFailed(); // answered (by a router, a filter or here), but a failure still
      }
      if (nonBlocking && streams(response, request)) {
        resumeRequest = request;
        resumeResponse = response;
        return Outcome.HAND_OVER;
      }
    }

    // a shutdown may have begun while the handler ran
    boolean keepAlive = request.isKeepAlive() && !draining && !closingSignal.getAsBoolean();
    if (!parser.bodyConsumed()) {
      if (tracked != null && tracked.continuePending()) {
        keepAlive = false; // the client still waits for our word before it sends the body
      } else {
        try {
          keepAlive &= parser.discardBody(config.drainLimit());
        } catch (HttpException e) {
          refuse(e.status(), e.getMessage(), request);
          return Outcome.CLOSE;
        }
      }
    }
    Framing framing =
        encoder.writeHead(response, request.method(), request.version(), keepAlive, out);
    long content;
    try {
      content = writeBody(framing, response.body());
      if (framing == Framing.NONE || framing == Framing.NONE_CLOSE) {
        // a small body went out with the head, or none at all (HEAD, 204, 304)
        boolean none = request.method().equals(Method.HEAD) || response.status().forbidsContent();
        content = none ? 0 : Math.max(0, response.body().length());
      }
    } catch (RuntimeException e) {
      observer.handlerFailed(); // the response's own body failed (not the peer going away)
      throw e;
    }
    served = true;
    if (timed) {
      long end = System.nanoTime();
      observer.exchanged(request, response.status(), content, end - exchangeStart);
      pipelinedStart = parser.hasBufferedInput() ? end : 0;
    }
    if (!framing.keepAlive()) {
      encoder.flush(out);
      return Outcome.CLOSE;
    }
    return Outcome.NEXT;
  }

  /** Whether writing this response's body could block: it is streamed, or large. */
  private static boolean streams(HttpResponse response, HttpRequest request) {
    Body body = response.body();
    if (response.status().forbidsContent() || request.method().equals(Method.HEAD) || body.isEmpty()) {
      return false;
    }
    return !(body instanceof Body.BytesBody) || body.length() > INLINE_BODY_LIMIT;
  }

  /** Flushes the batch of responses gathered so far to the conduit's output. */
  void flush() throws IOException {
    encoder.flush(out);
  }

  /** Answers a request the parser refused, or a timeout, and leaves the connection to close. */
  void refuse(HttpException e) throws IOException {
    refuse(e.status(), e.getMessage(), null);
  }

  /** Answers 408 for a head that took too long. */
  void refuseSlowHead() throws IOException {
    observer.connectionTimedOut();
    refuse(Status.REQUEST_TIMEOUT, "the request head took too long", null);
  }

  private void failedBody(IOException failure, HttpRequest request) throws IOException {
    if (failure instanceof SocketTimeoutException) {
      observer.connectionTimedOut();
      refuse(Status.REQUEST_TIMEOUT, "the request body stalled", request);
    } else if (!(failure instanceof EOFException)) {
      LOG.log(Level.DEBUG, () -> "reading the body of " + request + " failed: " + failure);
    }
    // at EOF the peer is gone: no one to answer
  }

  /** Writes the rest of the body; returns how many bytes of content it wrote. */
  private long writeBody(Framing framing, Body body) throws IOException {
    WritableByteChannel channel = conduit.channel();
    if ((framing == Framing.LENGTH || framing == Framing.LENGTH_CLOSE)
        && channel != null
        && body instanceof FileBody file) {
      encoder.flush(out);
      file.transferTo(channel);
      observer.bytesWritten(file.length());
      return file.length();
    }
    return encoder.writeBody(framing, body, out);
  }

  private void refuse(Status status, String why, HttpRequest request) throws IOException {
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
    if (request == null) {
      observer.requestRejected(status);
    } else if (timed) {
      long content = Method.HEAD.equals(method) ? 0 : response.body().length();
      observer.exchanged(request, status, content, System.nanoTime() - exchangeStart);
    }
  }

  private void closeQuietly() {
    try {
      conduit.close();
    } catch (IOException ignored) {
      // closing a broken connection
    }
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

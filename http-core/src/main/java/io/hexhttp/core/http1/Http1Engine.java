package io.hexhttp.core.http1;

import io.hexhttp.core.Body;
import io.hexhttp.core.ErrorResponder;
import io.hexhttp.core.Forwarded;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import io.hexhttp.core.TlsInfo;
import io.hexhttp.core.Version;
import io.hexhttp.core.codec.RequestParser;
import io.hexhttp.core.codec.ResponseEncoder;
import io.hexhttp.core.codec.ResponseEncoder.Framing;
import io.hexhttp.core.port.ServerObserver;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One HTTP/1.1 server connection as a state machine without I/O (sans-I/O, after h11): bytes in,
 * requests out; responses in, bytes out. It owns no socket, thread or clock: a transport reads into
 * {@link #readBuffer()} and reports with {@link #received}, asks {@link #next} what to do, writes
 * {@link #output()}, and enforces {@link #deadline()} with its own timer. Every time is a {@link
 * System#nanoTime()}-scale value the transport passes in.
 *
 * <p>Everything RFC 9112 says about a connection lives here, once: persistence and {@code
 * Connection: close}, answering pipelined requests in order (a batch of answers leaves in one
 * write, when the input runs dry), {@code Expect: 100-continue}, draining a body the handler left
 * unread, answering a malformed request and closing, lingering close, the deadlines (idle, head,
 * minimum body rate, write progress) and shutdown.
 *
 * <p>The engine owns each response's body from the moment it is given: it closes it exactly once,
 * whether it was written, not written (HEAD, 204, 304), failed, or abandoned by {@link #close()}.
 *
 * <p>Not thread-safe, except {@link #shutdown()}: one driver at a time.
 */
public final class Http1Engine {
  private static final System.Logger LOG = System.getLogger("io.hexhttp.http1");

  /** A connection's input buffer starts small (most heads fit), and grows while a body streams. */
  private static final int INITIAL_BUFFER = 1024;

  private static final int MAX_BUFFER = 64 * 1024;
  private static final long LINGER_NANOS = 2_000_000_000L;
  private static final long LINGER_BYTES = 256 * 1024;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /** What the driver is to do next. */
  public enum Step {
    /** Read bytes into {@link #readBuffer()} and report them with {@link #received}. */
    READ,
    /** A request is ready: run the handler with {@link #handle}. */
    HANDLE,
    /** Write {@link #output()}, report it with {@link #wrote}, until it is empty. */
    WRITE,
    /**
     * Write the response's streamed body ({@link #body()}): by {@link #writeBody(OutputStream,
     * long)}, or by zero-copy for a {@link Framing#LENGTH} body, then {@link #bodyWritten}.
     */
    WRITE_BODY,
    /** Shut the socket's output (a FIN), then go on reading until told to close. */
    SHUTDOWN_OUTPUT,
    /** Close the connection. */
    CLOSE
  }

  /** How a blocking driver gets more bytes while a handler reads a request body. */
  @FunctionalInterface
  public interface Input {
    /**
     * Writes whatever output is pending (a {@code 100 Continue}), then blocks until bytes were read
     * and reported with {@link #received}, or the deadline passed and {@link #timeout} was called.
     *
     * @throws IOException if the connection fails
     */
    void fill() throws IOException;
  }

  /** The request body arrived too slowly (the minimum data rate, or the deadline). */
  public static final class BodyTimeoutException extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    BodyTimeoutException() {
      super("the request body arrived too slowly");
    }
  }

  private enum Phase {
    /** Waiting for a request, or for the rest of its head. */
    READING,
    /** A request is ready for the handler, or in its hands. */
    HANDLING,
    /** Its response is being written. */
    SENDING,
    /** The response is out; the rest of an unread request body is read and dropped. */
    DRAINING,
    /** The output is shut; what the peer still sends is read and dropped, then close. */
    LINGERING,
    CLOSED
  }

  private final Http1Config config;
  private final RequestParser parser;
  private final ResponseEncoder encoder;
  private final ServerObserver observer;
  private final Forwarded forwarded; // null when no proxy is trusted
  private final boolean timed;
  private final String peer;
  private final long idleNanos;
  private final long headNanos;
  private final long writeNanos;
  private final long graceNanos;
  private Input input;
  private TlsInfo tls; // what the connection's TLS negotiated, stamped on requests; null over TCP
  private volatile boolean shuttingDown;
  private final BooleanSupplier serverShuttingDown;

  private BufferPool pool; // where the buffers come from and go back to; null: allocated, let go
  private ByteBuffer in; // read mode: position = next byte to parse, limit = end of data
  private ByteBuffer free; // the view of in's free space handed to the driver
  private boolean filled; // the last read filled the buffer
  private boolean eof;
  private Phase phase = Phase.READING;

  // time
  private long idleSince;
  private long headSince = -1; // when the bytes of the head under way began
  private long lastProgress; // when output last moved
  private long lingerSince;
  private long bodySince;
  private long bodyBytes; // request body bytes received since bodySince
  private boolean awaitingBody; // a handler waits in a body read

  // the exchange under way
  private HttpRequest request;
  private long exchangeStart;
  private ContentBody content; // the request's body, null if none
  private Failure bodyFailure;
  private boolean closeAfter; // the response says Connection: close
  private boolean clientClose; // the client asked to close, and left nothing unread
  private boolean connectionField; // the request's head has a Connection field
  private boolean expectField; // and an Expect field
  private Body responseBody; // owned until written or abandoned
  private Framing framing;
  private ByteBuffer tail; // a large in-memory body, written after the head
  private Status status;
  private long contentBytes;
  private long drained;
  private boolean outputShut;
  private long lingered;

  /**
   * An engine for one connection.
   *
   * @param config the protocol settings
   * @param observer what to report exchanges, refusals and timeouts to
   * @param clock the wall clock for the {@code Date} field
   * @param peer the client's address, stamped on requests; null if unknown
   * @param now the time the connection was accepted
   */
  public Http1Engine(
      Http1Config config, ServerObserver observer, Clock clock, String peer, long now) {
    this(config, observer, clock, peer, now, () -> false);
  }

  /**
   * An engine for one connection of a server that signals its shutdown to all its connections at
   * once.
   *
   * @param config the protocol settings
   * @param observer what to report exchanges, refusals and timeouts to
   * @param clock the wall clock for the {@code Date} field
   * @param peer the client's address, stamped on requests; null if unknown
   * @param now the time the connection was accepted
   * @param serverShuttingDown whether the server has begun to shut down (read from any thread)
   */
  public Http1Engine(
      Http1Config config,
      ServerObserver observer,
      Clock clock,
      String peer,
      long now,
      BooleanSupplier serverShuttingDown) {
    this.serverShuttingDown = Objects.requireNonNull(serverShuttingDown);
    this.config = Objects.requireNonNull(config);
    this.observer = Objects.requireNonNull(observer);
    this.parser = new RequestParser(config.limits(), config.compliance());
    this.encoder = new ResponseEncoder(config.sendDate(), clock);
    this.forwarded = config.trustedProxies().isEmpty() ? null : config.trustedProxies();
    this.timed = observer != ServerObserver.NONE;
    this.peer = peer;
    this.idleNanos = config.idleTimeout().toNanos();
    this.headNanos = config.headTimeout().toNanos();
    this.writeNanos = config.writeTimeout().toNanos();
    this.graceNanos = config.bodyGrace().toNanos();
    this.idleSince = now;
  }

  /**
   * Lets a blocking driver feed request bodies to handlers as they read them. Without one, a
   * handler can read only the body bytes already received ({@link #bodyReceived()}).
   *
   * @param input how to get more bytes
   */
  public void input(Input input) {
    this.input = input;
  }

  /**
   * Tells the engine its connection is TLS: requests then carry scheme {@code https} and {@code
   * info}.
   *
   * @param info what the handshake negotiated
   */
  public void secure(TlsInfo info) {
    this.tls = info;
  }

  // ---------------------------------------------------------------------------------------------
  // bytes in

  /**
   * Where the driver reads into: a heap buffer with its position at the first free byte. Report
   * what was read with {@link #received}.
   *
   * @return the buffer to read into
   */
  public ByteBuffer readBuffer() {
    if (in == null) {
      byte[] pooled = pool != null ? pool.takeRead() : null;
      in =
          (pooled != null ? ByteBuffer.wrap(pooled) : ByteBuffer.allocate(INITIAL_BUFFER)).limit(0);
      if (pool != null && encoder.holdsNoBuffer()) {
        encoder.lend(pool.takeWrite()); // the answer to what is about to be read needs one
      }
    } else if (filled && content != null && !content.done && in.capacity() < MAX_BUFFER) {
      // a body arrives faster than this buffer holds: fewer, larger reads
      ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
      bigger.put(in).flip();
      in = bigger;
    } else if (in.position() == in.limit()) {
      in.position(0).limit(0);
    } else if (in.limit() == in.capacity()) {
      in.compact().flip(); // the parser keeps partial lines itself: a head never needs more
    }
    filled = false;
    if (free == null || free.array() != in.array()) {
      free = ByteBuffer.wrap(in.array());
    }
    free.limit(in.capacity()).position(in.limit());
    return free;
  }

  /**
   * Reports bytes read into {@link #readBuffer()}.
   *
   * @param n how many, or -1 at the end of the stream
   * @param now the time
   */
  public void received(int n, long now) {
    if (n < 0) {
      eof = true;
      return;
    }
    if (n == 0) {
      return;
    }
    if (phase == Phase.READING && headSince < 0 && parser.isIdle() && in.position() == in.limit()) {
      headSince = now; // the first bytes of a request: its head's clock starts
    }
    in.limit(in.limit() + n);
    filled = in.limit() == in.capacity();
    if (content != null && !content.done) {
      bodyBytes += n;
    }
    if (phase == Phase.LINGERING) {
      lingered += n;
      in.position(in.limit());
    }
  }

  /**
   * Bytes received and not yet taken by the parser or a body.
   *
   * @return bytes buffered
   */
  public int buffered() {
    return in == null ? 0 : in.remaining();
  }

  // ---------------------------------------------------------------------------------------------
  // what next

  /**
   * What the driver is to do next.
   *
   * @param now the time
   * @return the next step
   */
  public Step next(long now) {
    while (true) {
      switch (phase) {
        case READING -> {
          Step s = reading(now);
          if (s != null) {
            return s;
          }
        }
        case HANDLING -> {
          return Step.HANDLE;
        }
        case SENDING -> {
          // a response all in the batch waits there: answers to pipelined requests leave together
          if (hasOutput() && (tail != null || responseBody != null)) {
            return Step.WRITE;
          }
          if (responseBody != null) {
            return Step.WRITE_BODY;
          }
          exchangeDone(now);
        }
        case DRAINING -> {
          Step s = draining(now);
          if (s != null) {
            return s;
          }
        }
        case LINGERING -> {
          if (hasOutput()) {
            return Step.WRITE;
          }
          if (clientClose) {
            phase = Phase.CLOSED; // nothing unread: the close sends a FIN, not a reset
            return Step.CLOSE;
          }
          if (!outputShut) {
            outputShut = true;
            return Step.SHUTDOWN_OUTPUT;
          }
          if (in != null) {
            lingered += in.remaining();
            in.position(in.limit());
          }
          if (eof || lingered > LINGER_BYTES) {
            phase = Phase.CLOSED;
            return Step.CLOSE;
          }
          return Step.READ;
        }
        case CLOSED -> {
          return Step.CLOSE;
        }
      }
    }
  }

  private Step reading(long now) {
    if (hasOutput() && encoder.pending().remaining() >= 32 * 1024) {
      return Step.WRITE; // a long pipelined batch goes out in pieces
    }
    RequestParser.Result r;
    try {
      r = in == null ? RequestParser.Result.NEED_DATA : parser.parse(in);
    } catch (HttpException e) {
      refuse(e.status(), e.getMessage(), now);
      return null;
    }
    switch (r) {
      case HEAD -> {
        startExchange(now);
        return null;
      }
      case END -> {
        return null; // a body-less message's end; the parser then looks for the next one
      }
      case CONTENT -> throw new IllegalStateException("content outside an exchange");
      default -> {
        // NEED_DATA
      }
    }
    if (hasOutput()) {
      return Step.WRITE; // the batch of answers goes out before we wait for more
    }
    if (eof) {
      if (parser.inHead()) {
        refuse(Status.BAD_REQUEST, "the connection closed within the request head", now);
        return null;
      }
      phase = Phase.CLOSED;
      return Step.CLOSE;
    }
    if (!parser.inHead()) {
      headSince = -1;
    } else if (headSince < 0) {
      headSince = now;
    }
    return Step.READ;
  }

  private void startExchange(long now) {
    long length = parser.bodyLength();
    content = length == 0 ? null : new ContentBody(length);
    HttpRequest r = parser.request(content == null ? Body.empty() : content, peer);
    if (tls != null) {
      r = r.withTls(tls);
    }
    if (forwarded != null) {
      r = forwarded.apply(r); // the client's address, scheme and host
    }
    request = r;
    connectionField = parser.hasConnectionField();
    expectField = parser.hasExpectField();
    exchangeStart = timed ? (headSince >= 0 ? Math.min(now, headSince) : now) : 0;
    headSince = -1;
    bodySince = now;
    bodyBytes = content == null ? 0 : in.remaining();
    bodyFailure = null;
    phase = Phase.HANDLING;
  }

  /**
   * The request to handle, after {@link Step#HANDLE}.
   *
   * @return the request, its body streaming behind it
   */
  public HttpRequest request() {
    if (phase != Phase.HANDLING) {
      throw new IllegalStateException("no request to handle");
    }
    return request;
  }

  /**
   * Whether the whole body of the request to handle has been received (or it has none): a handler
   * can then read it without waiting for the network.
   *
   * @return whether the request's body is all buffered
   */
  public boolean bodyReceived() {
    if (content == null || content.done) {
      return true;
    }
    long remaining = parser.contentRemaining();
    return remaining >= 0 && remaining <= in.remaining();
  }

  /**
   * Runs {@code handler} on the request, on the calling thread, and takes its response: a thrown
   * exception is answered as {@link HttpHandler} says, a failed body read ends the connection.
   *
   * @param handler the handler
   * @param now the time
   */
  public void handle(HttpHandler handler, long now) {
    HttpRequest r = request();
    String expect = expectField ? r.headers().firstOrNull("Expect") : null;
    if (expect != null
        && (!expect.equalsIgnoreCase("100-continue") || r.headers().count("Expect") > 1)) {
      failExchange(Status.EXPECTATION_FAILED, "unsupported expectation", now);
      return;
    }
    if (content != null) {
      content.expectContinue = expect != null && r.version() == Version.HTTP_1_1;
    }
    HttpResponse response;
    try {
      response = handler.handle(r);
      if (response == null) {
        throw new IllegalStateException("the handler returned no response");
      }
    } catch (IOException | RuntimeException | Error e) {
      if (bodyFailure != null) {
        bodyFailed(now);
        return;
      }
      if (e instanceof Error) {
        LOG.log(Level.ERROR, "handler failed on " + r, e);
        observer.handlerFailed();
        failExchange(Status.INTERNAL_SERVER_ERROR, "the handler failed", now);
        return;
      }
      // an error is a response like any other: the connection stays open if it can
      response =
          ErrorResponder.TEXT.respond(
              r, e instanceof RuntimeException re ? re : new UncheckedIOException((IOException) e));
    }
    respond(response, now);
  }

  /**
   * Takes the response to the request being handled. From here the engine owns its body.
   *
   * @param response the response
   * @param now the time
   */
  public void respond(HttpResponse response, long now) {
    if (phase != Phase.HANDLING) {
      closeQuietly(response.body());
      throw new IllegalStateException("no request is waiting for a response");
    }
    if (bodyFailure != null) {
      closeQuietly(response.body());
      bodyFailed(now);
      return;
    }
    if (response.failure().isPresent()) {
      observer.handlerFailed(); // answered (by a router, a filter or here), but a failure still
    }
    boolean keepAlive = requestKeepsAlive() && !isShuttingDown();
    if (content != null && !content.done) {
      if (content.expectContinue && !content.continueSent && !content.started) {
        keepAlive = false; // the client still waits for our word before it sends the body
      } else {
        long remaining = parser.contentRemaining();
        if (remaining > config.drainLimit()) {
          keepAlive = false;
        }
      }
    }
    send(response, keepAlive, now);
  }

  private void send(HttpResponse response, boolean keepAlive, long now) {
    Method method = request == null ? null : request.method();
    Version version = request == null ? Version.HTTP_1_1 : request.version();
    status = response.status();
    Body body = response.body();
    framing = encoder.encodeHead(response, method, version, keepAlive);
    closeAfter = !framing.keepAlive();
    clientClose =
        closeAfter
            && request != null
            && !requestKeepsAlive()
            && (content == null || content.done)
            && in != null
            && !in.hasRemaining();
    boolean none = framing == Framing.NONE || framing == Framing.NONE_CLOSE;
    if (none) {
      boolean unsent = Method.HEAD.equals(method) || status.forbidsContent();
      contentBytes = unsent ? 0 : Math.max(0, body.length());
      closeQuietly(body); // written with the head, or never to be written
    } else if ((framing == Framing.LENGTH || framing == Framing.LENGTH_CLOSE)
        && body instanceof Body.BytesBody bytes) {
      tail = bytes.asBuffer();
      contentBytes = body.length();
    } else {
      responseBody = body;
      contentBytes = 0;
    }
    lastProgress = now;
    phase = Phase.SENDING;
  }

  /** Whether the request under way lets the connection persist (RFC 9112 §9.3). */
  private boolean requestKeepsAlive() {
    // without a Connection field, its version's default: spares a search of the head
    return connectionField ? request.isKeepAlive() : request.version() == Version.HTTP_1_1;
  }

  /**
   * The streamed body to write, after {@link Step#WRITE_BODY}.
   *
   * @return the body
   */
  public Body body() {
    if (responseBody == null) {
      throw new IllegalStateException("no body to write");
    }
    return responseBody;
  }

  /**
   * How {@link #body()} is framed: a transport may send a {@link Framing#LENGTH} body by zero-copy.
   *
   * @return the framing
   */
  public Framing framing() {
    return framing;
  }

  /**
   * Writes {@link #body()} to {@code out} in its framing (blocking), then closes it.
   *
   * @param out the connection's output, after {@link #output()} has been written
   * @param now the time
   * @throws IOException if the body or the output fails
   */
  public void writeBody(OutputStream out, long now) throws IOException {
    Body body = body();
    long n;
    try {
      n = encoder.writeBody(framing, body, out);
    } catch (RuntimeException e) {
      observer.handlerFailed(); // the response's own body failed (not the peer going away)
      throw e;
    }
    encoder.flush(out);
    bodyWritten(n, now);
  }

  /**
   * Reports that {@link #body()} was written whole by the driver ({@code bytes} of content), and
   * closes it.
   *
   * @param bytes content bytes written
   * @param now the time
   */
  public void bodyWritten(long bytes, long now) {
    Body body = body();
    responseBody = null;
    contentBytes = bytes;
    lastProgress = now;
    closeQuietly(body);
  }

  /**
   * Reports that writing made progress (part of a body went), for the write deadline.
   *
   * @param now the time
   */
  public void progress(long now) {
    lastProgress = now;
  }

  private void exchangeDone(long now) {
    if (timed && request != null) {
      observer.exchanged(request, status, contentBytes, now - exchangeStart);
    } else if (request == null) {
      observer.requestRejected(status);
    }
    request = null;
    if (closeAfter) {
      content = null;
      startLingering(now);
      return;
    }
    if (content != null && !content.done) {
      drained = 0;
      bodySince = now;
      bodyBytes = 0;
      phase = Phase.DRAINING;
      return;
    }
    content = null;
    toReading(now);
  }

  private void toReading(long now) {
    phase = Phase.READING;
    idleSince = now;
    headSince = in != null && in.hasRemaining() ? now : -1;
  }

  private Step draining(long now) {
    while (true) {
      RequestParser.Result r;
      try {
        r = parser.parse(in);
      } catch (HttpException e) {
        content = null;
        startLingering(now);
        return null;
      }
      if (r == RequestParser.Result.CONTENT) {
        int n = parser.contentReady(in);
        in.position(in.position() + n);
        parser.contentTaken(n);
        drained += n;
        if (drained > config.drainLimit()) {
          content = null;
          startLingering(now);
          return null;
        }
      } else if (r == RequestParser.Result.END) {
        content = null;
        toReading(now);
        return null;
      } else {
        if (eof) {
          phase = Phase.CLOSED;
          return Step.CLOSE;
        }
        return Step.READ;
      }
    }
  }

  private void startLingering(long now) {
    lingerSince = now;
    lingered = 0;
    phase = Phase.LINGERING;
  }

  // ---------------------------------------------------------------------------------------------
  // bytes out

  private boolean hasOutput() {
    return encoder.hasPending() || (tail != null && tail.hasRemaining());
  }

  /**
   * The next bytes to write: the encoded heads (and small bodies), then a large in-memory body.
   * Write from the buffer's position and report with {@link #wrote}.
   *
   * @return the bytes to write; empty when none
   */
  public ByteBuffer output() {
    if (encoder.hasPending()) {
      return encoder.pending();
    }
    if (tail != null && tail.hasRemaining()) {
      return tail;
    }
    return EMPTY;
  }

  /**
   * Reports that {@code n} bytes of {@link #output()} were written (the buffer's position moved).
   *
   * @param n how many
   * @param now the time
   */
  public void wrote(int n, long now) {
    if (n > 0) {
      lastProgress = now;
    }
    if (encoder.hasPending()) {
      encoder.sent(n);
    } else if (tail != null && !tail.hasRemaining()) {
      tail = null;
    }
  }

  /**
   * Writes all pending output to {@code out}, blocking: the blocking drivers' and the test kit's
   * way of doing {@link Step#WRITE}.
   *
   * @param out where to write
   * @param now the time
   * @throws IOException if writing fails
   */
  public void writeOutput(OutputStream out, long now) throws IOException {
    encoder.flush(out);
    if (tail != null) {
      ByteBuffer t = tail;
      byte[] chunk = new byte[(int) Math.min(t.remaining(), 64 * 1024)];
      while (t.hasRemaining()) {
        int n = Math.min(chunk.length, t.remaining());
        t.get(chunk, 0, n);
        out.write(chunk, 0, n);
      }
      tail = null;
      out.flush();
    }
    lastProgress = now;
  }

  // ---------------------------------------------------------------------------------------------
  // refusals

  /** Answers a request the parser refused, or a head that timed out, and closes after. */
  private void refuse(Status s, String why, long now) {
    LOG.log(Level.DEBUG, () -> "refused a request from " + peer + " with " + s + ": " + why);
    request = null;
    content = null;
    exchangeStart = now;
    send(errorResponse(s, why), false, now);
  }

  /** Answers the request under way with an error and closes after. */
  private void failExchange(Status s, String why, long now) {
    send(errorResponse(s, why), false, now);
  }

  private void bodyFailed(long now) {
    Failure f = bodyFailure;
    if (f.status != null) {
      failExchange(f.status, f.why, now);
    } else {
      LOG.log(Level.DEBUG, () -> "reading the body of " + request + " failed: " + f.why);
      phase = Phase.CLOSED; // the peer is gone: no one to answer
    }
  }

  private static HttpResponse errorResponse(Status s, String why) {
    return HttpResponse.of(s)
        .withHeader("Content-Type", "text/plain")
        .withBody(Body.of(s.code() + " " + s.reason() + ": " + why + "\n"));
  }

  // ---------------------------------------------------------------------------------------------
  // deadlines and shutdown

  /**
   * When the driver must call {@link #timeout} if nothing happens before: a {@link
   * System#nanoTime()}-scale time, or {@link Long#MAX_VALUE} for none (a handler at work).
   *
   * @return the deadline
   */
  public long deadline() {
    return switch (phase) {
      case READING -> {
        if (hasOutput()) {
          yield lastProgress + writeNanos;
        }
        if (isShuttingDown() && parser.isIdle()) {
          yield Long.MIN_VALUE; // nothing under way: close once the driver finds nothing to read
        }
        if (headSince >= 0 || parser.inHead()) {
          yield (headSince >= 0 ? headSince : idleSince) + headNanos;
        }
        yield idleSince + idleNanos;
      }
      case HANDLING -> awaitingBody ? bodyDeadline() : Long.MAX_VALUE;
      case SENDING -> lastProgress + writeNanos;
      case DRAINING -> hasOutput() ? lastProgress + writeNanos : bodyDeadline();
      case LINGERING ->
          hasOutput()
              ? lastProgress + writeNanos
              : lingerSince + (isShuttingDown() ? LINGER_NANOS / 10 : LINGER_NANOS);
      case CLOSED -> Long.MIN_VALUE;
    };
  }

  private long bodyDeadline() {
    long rate = config.minBodyRate();
    if (rate == 0) {
      return bodySince + Math.max(graceNanos, idleNanos);
    }
    long earned =
        bodyBytes >= Long.MAX_VALUE / 1_000_000_000L
            ? Long.MAX_VALUE / 2
            : bodyBytes * 1_000_000_000L / rate;
    return bodySince + Math.max(graceNanos, earned);
  }

  /**
   * The deadline passed: a slow head is answered 408, a stalled body fails the handler's read (and
   * is answered 408), an idle connection, a stuck write or a lingering close ends.
   *
   * @param now the time
   */
  public void timeout(long now) {
    switch (phase) {
      case READING -> {
        if (hasOutput()) {
          phase = Phase.CLOSED;
        } else if (parser.inHead()) {
          observer.connectionTimedOut();
          refuse(Status.REQUEST_TIMEOUT, "the request head took too long", now);
        } else {
          if (!isShuttingDown()) {
            observer.connectionTimedOut();
          }
          phase = Phase.CLOSED;
        }
      }
      case HANDLING -> {
        if (awaitingBody) {
          observer.connectionTimedOut();
          bodyFailure = new Failure(Status.REQUEST_TIMEOUT, "the request body arrived too slowly");
        }
      }
      case SENDING, DRAINING, LINGERING -> {
        if (phase != Phase.LINGERING) {
          observer.connectionTimedOut();
        }
        abandon();
      }
      case CLOSED -> {
        // nothing left
      }
    }
  }

  /**
   * Tells the connection that the server is shutting down: the answer under way says {@code
   * Connection: close}, and no further request is read. A connection with nothing under way has its
   * deadline now: the driver closes it as soon as it finds no byte waiting to be read (a request
   * already sent is answered). Callable from any thread.
   */
  public void shutdown() {
    shuttingDown = true;
  }

  /**
   * Whether {@link #shutdown()} was called. Callable from any thread.
   *
   * @return whether shutdown has begun
   */
  public boolean isShuttingDown() {
    return shuttingDown || serverShuttingDown.getAsBoolean();
  }

  /**
   * Whether the connection could close at once without losing anything: no request under way,
   * nothing to write.
   *
   * @return whether the connection is idle
   */
  public boolean isIdle() {
    return (phase == Phase.READING && parser.isIdle() && !hasOutput() && buffered() == 0)
        || phase == Phase.CLOSED;
  }

  /**
   * Whether the connection has ended.
   *
   * @return whether {@link Step#CLOSE} was given or is due
   */
  public boolean isClosed() {
    return phase == Phase.CLOSED;
  }

  /**
   * Ends the connection wherever it is, closing the response body it owns. Drivers call it once the
   * socket is gone, on every path; calling it again does nothing.
   */
  public void close() {
    abandon();
  }

  private void abandon() {
    phase = Phase.CLOSED;
    Body b = responseBody;
    responseBody = null;
    tail = null;
    if (b != null) {
      closeQuietly(b);
    }
  }

  /**
   * Lets go of the buffers while the connection is idle; they are taken again on use. With a
   * {@linkplain #buffers pool}, they go back to it.
   */
  public void releaseBuffers() {
    if (isIdle() && phase != Phase.CLOSED) {
      parser.releaseBuffer();
      giveBack();
    }
  }

  /**
   * Gives a closed connection's buffers back to its {@linkplain #buffers pool}, for the next
   * connection; the engine takes no pool's buffers after it. A driver calls it after {@link
   * #close()}, and only when no other thread can touch the engine any more (no handler runs on it):
   * the buffers may serve another connection at once.
   */
  public void recycle() {
    if (phase == Phase.CLOSED && pool != null) {
      giveBack();
      pool = null;
    }
  }

  /**
   * Where this engine takes its starting buffers from and gives them back to: with a pool, a new or
   * long idle connection takes buffers that others gave back, and {@link #releaseBuffers()} and
   * {@link #recycle()} give them back. Null, the default: buffers are allocated, and let go to the
   * garbage collector. The pool belongs to one thread; a driver that lets another thread drive the
   * engine takes the pool away first ({@code buffers(null)}).
   *
   * @param pool the pool of the thread that drives this engine, or null
   */
  public void buffers(BufferPool pool) {
    this.pool = pool;
  }

  private void giveBack() {
    ByteBuffer b = in;
    in = null;
    free = null;
    byte[] written = encoder.releaseBuffer();
    if (pool != null) {
      if (b != null && b.capacity() == INITIAL_BUFFER) {
        pool.giveRead(b.array());
      }
      if (written != null) {
        pool.giveWrite(written);
      }
    }
  }

  private static void closeQuietly(Body body) {
    try {
      body.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "closing a response body failed: " + e);
    }
  }

  private record Failure(Status status, String why) {}

  // ---------------------------------------------------------------------------------------------
  // the request body

  /** The request's content, read from the connection's buffer as the parser frames it. */
  private final class ContentBody implements Body {
    private final long length;
    private boolean opened;
    boolean done;
    boolean started; // a content byte has been taken
    boolean expectContinue;
    boolean continueSent;

    ContentBody(long length) {
      this.length = length;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public InputStream stream() {
      if (opened) {
        throw new IllegalStateException("the request body is one-shot and has been read already");
      }
      opened = true;
      return new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] dst, int off, int len) throws IOException {
          Objects.checkFromIndexSize(off, len, dst.length);
          return len == 0 ? 0 : readContent(dst, off, len);
        }

        /** Straight from the connection's buffer, as much as it holds each time: no copy here. */
        @Override
        public long transferTo(OutputStream out) throws IOException {
          long total = 0;
          for (int n; (n = awaitContent()) > 0; ) {
            out.write(in.array(), in.arrayOffset() + in.position(), n);
            in.position(in.position() + n);
            parser.contentTaken(n);
            total += n;
          }
          return total;
        }

        @Override
        public int available() {
          if (done || in == null || content != ContentBody.this) {
            return 0;
          }
          long remaining = parser.contentRemaining();
          return (int) Math.min(in.remaining(), remaining < 0 ? 0 : remaining);
        }
      };
    }

    private int readContent(byte[] dst, int off, int len) throws IOException {
      int ready = awaitContent();
      if (ready < 0) {
        return -1;
      }
      int n = Math.min(len, ready);
      in.get(dst, off, n);
      parser.contentTaken(n);
      return n;
    }

    /**
     * How many content bytes the buffer holds, waiting for some if it holds none; -1 at the end.
     */
    private int awaitContent() throws IOException {
      if (done) {
        return -1;
      }
      while (true) {
        if (bodyFailure != null) {
          throw bodyFailure.status == Status.REQUEST_TIMEOUT
              ? new BodyTimeoutException()
              : new IOException(bodyFailure.why);
        }
        if (content != this) { // kept past its exchange: what follows is another request's
          throw new IOException("the exchange this request body belongs to has ended");
        }
        RequestParser.Result r;
        try {
          r = in == null ? RequestParser.Result.NEED_DATA : parser.parse(in);
        } catch (HttpException e) {
          bodyFailure = new Failure(e.status(), e.getMessage());
          throw e;
        }
        if (r == RequestParser.Result.CONTENT) {
          started = true;
          return parser.contentReady(in);
        }
        if (r == RequestParser.Result.END) {
          done = true;
          return -1;
        }
        if (eof) {
          bodyFailure = new Failure(null, "the connection closed within the request body");
          throw new EOFException("the connection closed within the request body");
        }
        if (input == null) {
          throw new IOException("the request body is not all here and this driver cannot wait");
        }
        if (expectContinue && !continueSent && !started) {
          continueSent = true;
          encoder.encodeContinue();
        }
        awaitingBody = true;
        try {
          input.fill();
        } finally {
          awaitingBody = false;
        }
      }
    }

    @Override
    public String toString() {
      return "Body[request content, " + (length < 0 ? "chunked" : length + " bytes") + "]";
    }
  }
}

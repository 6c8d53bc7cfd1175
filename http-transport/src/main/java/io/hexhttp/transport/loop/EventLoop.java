package io.hexhttp.transport.loop;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.codec.ResponseEncoder.Framing;
import io.hexhttp.core.http1.BufferPool;
import io.hexhttp.core.http1.Http1Engine;
import io.hexhttp.core.port.ServerObserver;
import io.hexhttp.transport.internal.FileTransfer;
import io.hexhttp.transport.internal.Site;
import io.hexhttp.transport.internal.TlsCodec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One event loop of the event-loop transport: a selector thread that drives the {@link Http1Engine}
 * of each of its connections over non-blocking sockets. It moves bytes and time in and out and
 * decides where handlers run; every protocol rule is the engine's.
 *
 * <ul>
 *   <li>Reads go straight into the engine's buffer; the answers to a batch of pipelined requests
 *       leave in one write.
 *   <li>A {@linkplain HttpHandler#isNonBlocking non-blocking} handler runs on the loop; any other
 *       runs on a virtual thread, and the loop takes the connection back when it returns.
 *   <li>A request whose body is still arriving, or a response body that streams, is handed with its
 *       engine to the server ({@link Site#handOver}), which serves it by blocking I/O on a virtual
 *       thread for the rest of the connection. A file is sent from the loop by zero-copy.
 *   <li>The engine's deadlines are checked every 100 ms, a few connections at a time: a pass over
 *       ten thousand at once would hold up every request that arrived meanwhile.
 * </ul>
 */
public final class EventLoop implements Runnable {
  private static final System.Logger LOG = System.getLogger("io.hexhttp.transport");
  private static final long SWEEP_NANOS = 100_000_000L;
  private static final long IDLE_RELEASE_NANOS = 1_000_000_000L;
  private static final long FILE_SLICE = 1 << 20;
  // buffers kept for the connections to come, of each kind (about 1.5 KiB a pair): enough for a
  // thousand clients that reconnect at once to find theirs
  private static final int POOLED_BUFFERS = 1024;

  private final Site site;
  private final HttpHandler handler;
  private final ServerObserver observer;
  private final boolean tlsTasksOffLoop;
  private final Poller poller;
  private final Poller.Ready ready = new Ready();
  private final BufferPool buffers = new BufferPool(POOLED_BUFFERS); // this loop's engines' only
  private final ServerSocketChannel listener; // loop 0 accepts for every loop
  private final EventLoop[] loops;
  private final Queue<SocketChannel> incoming = new ConcurrentLinkedQueue<>();
  private final Queue<Connection> returned = new ConcurrentLinkedQueue<>();
  // the connections, in no order: each knows its slot, so one leaves by taking the last's place
  private Connection[] live = new Connection[64];
  private int liveCount;
  private int sweepAt; // the slot the sweep checks next
  private long sweptUpTo; // the time the sweep has covered: each slot checked once a period
  private final List<Connection> handOvers = new ArrayList<>();
  private int nextLoop;
  private final CountDownLatch acceptStopped = new CountDownLatch(1);
  private volatile boolean closing;
  private boolean ended; // guarded by incoming
  private volatile long closingDeadline;
  // the clock read once per round of ready events (bytes found ready arrived before it)
  private long roundNow;
  private boolean roundClock;

  /**
   * A loop that serves connections of {@code site}; the one given the listener accepts for all
   * {@code loops}. It waits on Linux's epoll directly when {@code epoll} (see {@link
   * #epollUnavailable}), else on the JDK's selector.
   */
  public EventLoop(Site site, ServerSocketChannel listener, EventLoop[] loops, boolean epoll)
      throws IOException {
    this.site = site;
    this.handler = site.handler();
    this.observer = site.observer();
    this.tlsTasksOffLoop = site.tlsTasksOffLoop();
    this.poller = epoll ? NativePoller.open() : new SelectorPoller();
    this.listener = listener;
    this.loops = loops;
  }

  /** Why a loop cannot wait on epoll directly in this JVM, or null when it can. */
  public static String epollUnavailable() {
    return NativePoller.unavailable();
  }

  /** Releases a loop that will never run (the server could not start). */
  public void abandon() {
    try {
      poller.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** Starts closing: no more accepting; idle connections close, busy ones finish. */
  public void shutdown(long graceNanos) {
    closingDeadline = System.nanoTime() + graceNanos;
    closing = true;
    poller.wakeup();
  }

  /**
   * Waits until this loop has stopped accepting (after {@link #shutdown}), so the listener can be
   * closed without resetting connections the kernel completed.
   *
   * @param millis the most to wait
   */
  public void awaitAcceptStopped(long millis) {
    try {
      acceptStopped.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Hands {@code channel} to this loop; false if the loop has already ended (it is shutting down),
   * so the caller keeps it rather than strand it in a queue no one reads.
   */
  private boolean adopt(SocketChannel channel) {
    synchronized (incoming) {
      if (ended) {
        return false;
      }
      incoming.add(channel);
    }
    poller.wakeup();
    return true;
  }

  @Override
  public void run() {
    try {
      if (listener != null) {
        poller.listen(listener);
      }
      sweptUpTo = System.nanoTime();
      boolean closed = false;
      while (true) {
        roundClock = false;
        poller.select(ready, 100);
        boolean drove = roundClock; // the time the round's connections went by, if they read it
        long droveAt = roundNow;
        roundClock = false; // what follows (a handler returned, a connection adopted) is later
        if (closing && !closed) {
          closed = true;
          beginClosing();
        }
        for (SocketChannel ch; (ch = incoming.poll()) != null; ) {
          register(ch);
        }
        for (Connection c; (c = returned.poll()) != null; ) {
          c.handlerReturned();
        }
        if (!handOvers.isEmpty()) {
          handOver();
        }
        // the deadlines are coarse: the time a connection of this round went by serves them
        long now = roundClock || !drove ? roundNow() : droveAt;
        sweep(now);
        if (closed && ((liveCount == 0 && incoming.isEmpty()) || now > closingDeadline)) {
          break;
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      LOG.log(Level.WARNING, "event loop failed: " + e);
    } finally {
      synchronized (incoming) {
        ended = true; // from here adopt() refuses: nothing can be left in the queue unread
      }
      for (Connection c : connections()) {
        c.close();
      }
      for (SocketChannel ch; (ch = incoming.poll()) != null; ) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // nothing to do
        }
        site.released();
      }
      try {
        poller.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  /** The time, read at most once per round of ready events. */
  private long roundNow() {
    if (!roundClock) {
      roundNow = System.nanoTime();
      roundClock = true;
    }
    return roundNow;
  }

  /** Where the poller's reports go. */
  private final class Ready implements Poller.Ready {
    @Override
    public void acceptable() {
      try {
        accept();
      } catch (IOException e) {
        if (!closing) {
          LOG.log(Level.WARNING, "accept failed: " + e); // e.g. out of file descriptors
        }
      }
    }

    @Override
    public void ready(Poller.Socket socket, boolean readable) {
      Connection c = (Connection) socket.attachment;
      c.readable = readable || c.readable;
      c.drive();
    }
  }

  private void beginClosing() {
    if (listener != null) {
      // connections the kernel completed are the clients' already: take them in (a request
      // they sent is answered, with Connection: close) rather than leave them to a reset
      try {
        for (SocketChannel ch; (ch = listener.accept()) != null; ) {
          if (site.admit(ch)) {
            register(ch);
          }
        }
      } catch (IOException e) {
        LOG.log(Level.DEBUG, () -> "accepting at shutdown: " + e);
      }
      poller.unlisten(listener);
    }
    acceptStopped.countDown();
    for (Connection c : connections()) {
      c.engine.shutdown(); // the next answer says Connection: close
    }
    for (Connection c : connections()) {
      if (!c.handling && c.engine.isIdle()) {
        c.readable = true; // a request sent just now is read and answered, with Connection: close
        c.drive();
        if (!c.closed && !c.handling && c.engine.isIdle()) {
          c.close(); // between requests, or none sent
        }
      }
    }
  }

  private void accept() throws IOException {
    for (SocketChannel ch; (ch = listener.accept()) != null; ) {
      if (!site.admit(ch)) {
        continue;
      }
      EventLoop target = loops[nextLoop++ % loops.length];
      if (target == this || !target.adopt(ch)) {
        register(ch);
      }
    }
  }

  private void register(SocketChannel ch) {
    try {
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      long now = System.nanoTime();
      Connection c = new Connection(ch, site.engine(ch, now), site.tls(now));
      c.engine.buffers(buffers);
      c.socket = poller.register(ch, c);
      add(c);
      if (closing) {
        c.engine.shutdown();
      }
      c.readable = true; // a client's request usually follows its connect at once: spare a select
      c.drive();
      if (closing && !c.closed && !c.handling && c.engine.isIdle()) {
        c.close(); // taken in during shutdown, and nothing sent
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "connection setup failed: " + e);
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to do
      }
      site.released();
    }
  }

  private void add(Connection c) {
    if (liveCount == live.length) {
      live = Arrays.copyOf(live, liveCount * 2);
    }
    c.slot = liveCount;
    live[liveCount++] = c;
  }

  private void remove(Connection c) {
    int at = c.slot;
    if (at < 0) {
      return;
    }
    Connection last = live[--liveCount];
    live[at] = last;
    last.slot = at;
    live[liveCount] = null;
    c.slot = -1;
  }

  /** The connections now, to go through while some of them leave. */
  private List<Connection> connections() {
    return Arrays.asList(Arrays.copyOf(live, liveCount));
  }

  /**
   * Checks the connections' deadlines, each once every {@link #SWEEP_NANOS}: as many as the time
   * since the last check is of that period (under load a round checks one connection now and then;
   * an idle loop, woken by its select's timeout, checks them all), so that no round holds up the
   * requests behind it with a pass over every connection.
   */
  private void sweep(long now) {
    long elapsed = Math.min(now - sweptUpTo, SWEEP_NANOS);
    if (liveCount == 0 || elapsed < 0) {
      sweptUpTo = now;
      return;
    }
    int due = (int) (elapsed * liveCount / SWEEP_NANOS);
    if (due == 0) {
      return; // not yet one connection's share of the period: the time carries over
    }
    sweptUpTo = now - elapsed + due * SWEEP_NANOS / liveCount;
    for (int i = 0; i < due && liveCount > 0; i++) {
      if (sweepAt >= liveCount) {
        sweepAt = 0;
      }
      Connection c = live[sweepAt];
      check(c, now);
      if (sweepAt < liveCount && live[sweepAt] == c) {
        sweepAt++; // else c left, and its slot holds one not yet checked
      }
    }
  }

  private void check(Connection c, long now) {
    if (c.handling) {
      return;
    }
    if (c.tls != null && c.tls.handshaking() && c.tls.handshakeDeadline() <= now) {
      observer.tlsHandshakeFailed(); // too slow: a handshake has its own deadline
      c.close();
    } else if (c.engine.deadline() <= now) {
      c.engine.timeout(now);
      c.drive();
    } else if (now - c.lastActive > IDLE_RELEASE_NANOS && c.engine.isIdle()) {
      c.engine.releaseBuffers(); // a connection idle for a while holds no buffers
      if (c.tls != null) {
        c.tls.releaseBuffers();
      }
    }
  }

  /** Moves the connections that must block to virtual threads, after deregistering them. */
  private void handOver() throws IOException {
    for (Connection c : handOvers) {
      c.socket.cancel();
      remove(c);
    }
    poller.settleCancels(); // so that the channels may block
    for (Connection c : handOvers) {
      c.engine.buffers(null); // the pool is this thread's alone
      site.handOver(c.channel, c.engine, c.tls); // the server answers for it from now on
    }
    handOvers.clear();
  }

  /** One connection on this loop: its socket and its engine. */
  private final class Connection {
    final SocketChannel channel;
    final Http1Engine engine;
    final TlsCodec tls; // null over plain TCP
    boolean secured; // the engine was told what the handshake negotiated
    Poller.Socket socket;
    int slot = -1; // in live; -1 once it has left
    long lastActive = System.nanoTime();
    boolean readable; // the socket may have bytes: the last read did not come back short
    boolean handling; // the handler runs on a virtual thread
    boolean closed;
    long fileSent;

    Connection(SocketChannel channel, Http1Engine engine, TlsCodec tls) {
      this.channel = channel;
      this.engine = engine;
      this.tls = tls;
    }

    /** Does what the engine asks until it must wait for the socket or a handler. */
    void drive() {
      try {
        // the round's time; read again after what takes time: a handshake, a handler elsewhere
        // (a write into the socket's buffer takes too little to be worth a clock read)
        long now = roundNow();
        while (!closed) {
          if (tls != null && tls.hasOutput() && !flushTls()) {
            return;
          }
          switch (engine.next(now)) {
            case READ -> {
              if (tls != null) {
                if (!readTls(now)) {
                  return;
                }
                now = System.nanoTime();
                continue;
              }
              if (!readable) {
                interest(Poller.READ);
                return;
              }
              ByteBuffer b = engine.readBuffer();
              int space = b.remaining();
              int n = socket.read(b); // the bytes were there at the round's start: its time
              // a short read emptied the socket: what arrives after it is reported anew (an
              // edge-triggered poller reports nothing else, so the loop reads until then)
              readable = n == space;
              if (n == 0) {
                interest(Poller.READ);
                return;
              }
              lastActive = now;
              if (n > 0) {
                observer.bytesRead(n);
              }
              engine.received(n, now);
            }
            case WRITE -> {
              ByteBuffer out = engine.output();
              if (tls != null) {
                int before = out.position();
                tls.wrap(out);
                engine.wrote(out.position() - before, now);
                continue; // the encrypted bytes go out at the top of the loop
              }
              int n = socket.write(out);
              if (n > 0) {
                observer.bytesWritten(n);
              }
              engine.wrote(n, now);
              if (out.hasRemaining()) {
                interest(Poller.WRITE); // stop reading until the peer catches up
                return;
              }
            }
            case HANDLE -> {
              if (!engine.bodyReceived()) {
                handOver();
                return;
              }
              if (handler.isNonBlocking(engine.request())) {
                // quick by declaration: the clock is read again after the batch's write, not
                // after each of its requests (a read of it costs about as much as a parse)
                engine.handle(handler, now);
              } else {
                handling = true;
                interest(0);
                Thread.ofVirtual().name("hexhttp-handler").start(this::handleElsewhere);
                return;
              }
            }
            case WRITE_BODY -> {
              if (!sendFile(now)) {
                return;
              }
            }
            case SHUTDOWN_OUTPUT -> {
              if (tls != null) {
                tls.closeOutbound(); // close_notify, then the FIN
                if (!flushTls()) {
                  return;
                }
              }
              channel.shutdownOutput();
            }
            case CLOSE -> {
              if (tls != null && !tls.handshaking()) {
                tls.closeOutbound();
                channel.write(tls.output()); // best effort: we are closing anyway
              }
              close();
              return;
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "connection ended: " + e);
        close();
      } catch (OutOfMemoryError e) {
        // this connection ends, not the loop and every other connection on it
        LOG.log(Level.WARNING, () -> "out of memory, a connection closed: " + e);
        close();
      }
    }

    /** Writes pending encrypted bytes; false (waiting for the socket) if some remain. */
    private boolean flushTls() throws IOException {
      ByteBuffer out = tls.output();
      int n = channel.write(out);
      if (n > 0) {
        observer.bytesWritten(n);
      }
      if (out.hasRemaining()) {
        interest(Poller.WRITE);
        return false;
      }
      return true;
    }

    /**
     * Moves plaintext from TLS into the engine, running the handshake and reading the socket as
     * needed; false when it must wait (for the socket, or a delegated task off the loop).
     */
    private boolean readTls(long now) throws IOException {
      while (true) {
        if (tls.hasPlaintext()) {
          ByteBuffer b = engine.readBuffer();
          engine.received(tls.take(b), now);
          return true;
        }
        TlsCodec.Need need;
        try {
          need = tls.pump();
        } catch (SSLException e) {
          LOG.log(Level.DEBUG, () -> "TLS handshake or record failed: " + e);
          observer.tlsHandshakeFailed();
          channel.write(tls.output()); // the alert, best effort
          close();
          return false;
        }
        if (!secured && !tls.handshaking()) {
          secured = true;
          engine.secure(tls.info());
        }
        if (tls.renegotiating()) {
          close(); // renegotiation is refused
          return false;
        }
        if (tls.hasOutput() && !flushTls()) {
          return false;
        }
        switch (need) {
          case TASK -> {
            if (!tlsTasksOffLoop) {
              tls.runTasks(); // on the loop (TlsConfig.HandshakeTasks.ON_LOOP, or one processor)
              continue;
            }
            handling = true;
            interest(0);
            Thread.ofVirtual().name("hexhttp-tls-task").start(this::runTlsTasks);
            return false;
          }
          case CLOSED -> {
            if (!tls.hasPlaintext()) {
              engine.received(-1, now);
              return true;
            }
            continue;
          }
          default -> {
            if (tls.hasPlaintext()) {
              continue;
            }
          }
        }
        if (!readable) {
          interest(Poller.READ);
          return false;
        }
        ByteBuffer b = tls.readBuffer();
        int space = b.remaining();
        int n = channel.read(b);
        readable = n == space;
        if (n == 0) {
          interest(Poller.READ);
          return false;
        }
        lastActive = now;
        if (n > 0) {
          observer.bytesRead(n);
        }
        tls.received(n);
        if (tls.plaintextHttp()) {
          observer.tlsHandshakeFailed();
          channel.write(ByteBuffer.wrap(TlsCodec.PLAINTEXT_REFUSAL)); // small: goes at once
          close();
          return false;
        }
      }
    }

    private void runTlsTasks() {
      try {
        tls.runTasks();
      } finally {
        returned.add(this);
        poller.wakeup();
      }
    }

    /** Sends a file body by zero-copy as far as the socket takes it; false to wait. */
    private boolean sendFile(long now) throws IOException {
      Framing framing = engine.framing();
      if (tls != null
          || !(engine.body() instanceof FileTransfer file)
          || (framing != Framing.LENGTH && framing != Framing.LENGTH_CLOSE)) {
        handOver(); // a streamed body is written by blocking I/O
        return false;
      }
      long n = file.transferFrom(fileSent, FILE_SLICE, channel);
      if (n > 0) {
        fileSent += n;
        observer.bytesWritten(n);
        engine.progress(now);
      }
      if (fileSent == file.length()) {
        engine.bodyWritten(fileSent, now);
        fileSent = 0;
        return true;
      }
      if (n == 0) {
        interest(Poller.WRITE);
        return false;
      }
      return true;
    }

    private void handleElsewhere() {
      try {
        engine.handle(handler, System.nanoTime());
      } finally {
        returned.add(this);
        poller.wakeup();
      }
    }

    void handlerReturned() {
      handling = false;
      drive();
    }

    private void handOver() {
      interest(0);
      handOvers.add(this);
    }

    private void interest(int ops) {
      socket.interest(ops);
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      remove(this);
      if (socket != null) {
        socket.cancel();
      }
      engine.close();
      if (!handling) {
        engine.recycle(); // no handler reads its buffers: the next connection may have them
      }
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do
      }
      site.released();
    }
  }
}

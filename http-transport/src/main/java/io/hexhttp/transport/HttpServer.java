package io.hexhttp.transport;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.port.ServerObserver;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server on a TCP port: one platform thread accepts, and each connection is served
 * by an {@link Http1Connection} on its own virtual thread.
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.start(request -> HttpResponse.text("hi"),
 *     ServerConfig.builder().port(0).build())) {
 *   int port = server.port();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} tells the observer that shutdown has begun, waits the configured drain
 * delay (zero by default) while still serving, then stops accepting, closes idle connections,
 * lets in-flight requests finish within the configured grace period, and closes whatever is left.
 */
public final class HttpServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.hexhttp.transport");
  private static final byte[] BUSY =
      ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 31\r\n"
              + "Connection: close\r\n\r\n503 Service Unavailable: busy\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private static final long FRESH_GRACE_NANOS = 1_000_000_000L;

  private final HttpHandler handler;
  private final ServerConfig config;
  private final ServerObserver observer;
  private final ServerSocketChannel listener;
  private final Set<Http1Connection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread acceptor;
  private final EventLoop[] loops;
  private final Thread[] loopThreads;
  private final InetSocketAddress address;
  private volatile boolean closing;
  private final AtomicBoolean closeStarted = new AtomicBoolean();

  private HttpServer(
      HttpHandler handler, ServerConfig config, ServerObserver observer, ServerSocketChannel listener)
      throws IOException {
    this.handler = handler;
    this.config = config;
    this.observer = observer;
    this.listener = listener;
    this.address = (InetSocketAddress) listener.getLocalAddress();
    if (config.transport() == Transport.EVENT_LOOP) {
      listener.configureBlocking(false);
      int n = Math.max(1, Runtime.getRuntime().availableProcessors());
      this.loops = new EventLoop[n];
      this.loopThreads = new Thread[n];
      for (int i = 0; i < n; i++) {
        loops[i] = new EventLoop(this, config, i == 0 ? listener : null, loops);
        loopThreads[i] = Thread.ofPlatform().name("hexhttp-loop-" + i).unstarted(loops[i]);
      }
      this.acceptor = null;
    } else {
      this.loops = new EventLoop[0];
      this.loopThreads = new Thread[0];
      this.acceptor = Thread.ofPlatform().name("hexhttp-acceptor").unstarted(this::acceptLoop);
    }
  }

  /**
   * Binds the configured address and port and starts serving {@code handler}.
   *
   * @throws java.net.BindException if the port is in use
   */
  public static HttpServer start(HttpHandler handler, ServerConfig config) throws IOException {
    return start(handler, config, ServerObserver.NONE);
  }

  /**
   * Binds the configured address and port and starts serving {@code handler}, reporting its
   * lifecycle, connections and exchanges to {@code observer} (health checks, metrics).
   *
   * @throws java.net.BindException if the port is in use
   */
  public static HttpServer start(HttpHandler handler, ServerConfig config, ServerObserver observer)
      throws IOException {
    Objects.requireNonNull(handler);
    Objects.requireNonNull(config);
    Objects.requireNonNull(observer);
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      if (config.reusePort()) {
        listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      listener.bind(new InetSocketAddress(config.bindAddress(), config.port()), 1024);
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
    HttpServer server = new HttpServer(handler, config, observer, listener);
    if (server.acceptor != null) {
      server.acceptor.start();
    } else {
      for (Thread t : server.loopThreads) {
        t.start();
      }
    }
    observer.listening();
    return server;
  }

  /** The port the server listens on (the chosen one, when configured with 0). */
  public int port() {
    return address().getPort();
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return address;
  }

  /** The configuration it runs with. */
  public ServerConfig config() {
    return config;
  }

  /** The number of connections accepted since the start. */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** The number of connections open now. */
  public int activeConnections() {
    return active.get();
  }

  private void acceptLoop() {
    try {
      while (!closing) {
        SocketChannel channel;
        try {
          channel = listener.accept();
        } catch (ClosedChannelException e) {
          break;
        } catch (IOException e) {
          if (closing) {
            break;
          }
          // e.g. too many open files: log, breathe, go on rather than die
          LOG.log(Level.WARNING, "accept failed: " + e);
          sleepMillis(50);
          continue;
        }
        if (admit(channel)) {
          Thread.ofVirtual().name("hexhttp-connection").start(() -> serve(channel));
        }
      }
    } finally {
      stopped.countDown();
    }
  }

  HttpHandler handler() {
    return handler;
  }

  ServerObserver observer() {
    return observer;
  }

  /** Counts an accepted connection; refuses it with 503 beyond the cap. */
  boolean admit(SocketChannel channel) {
    accepted.incrementAndGet();
    if (active.incrementAndGet() > config.maxConnections()) {
      active.decrementAndGet();
      observer.connectionRefused();
      Thread.ofVirtual().start(() -> refuseBusy(channel));
      return false;
    }
    observer.connectionOpened();
    return true;
  }

  /** A connection admitted by {@link #admit} is closed. */
  void released() {
    active.decrementAndGet();
    observer.connectionClosed();
  }

  /** Serves a connection an event loop handed over, on a virtual thread, until it ends. */
  void serveHandedOver(Http1Connection connection) {
    track(connection); // before the thread starts, so that a close at once still sees it
    Thread.ofVirtual().name("hexhttp-connection").start(() -> runTracked(connection));
  }

  private void serve(SocketChannel channel) {
    Http1Connection connection;
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      connection =
          new Http1Connection(handler, config, new SocketConduit(channel, observer), observer);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "connection setup failed: " + e);
      closeQuietly(channel);
      released();
      return;
    }
    track(connection);
    runTracked(connection);
  }

  /** Makes a connection known to {@link #close()}, and tells it at once if that has begun. */
  private void track(Http1Connection connection) {
    connections.add(connection);
    if (closing) {
      connection.shutdown();
    }
  }

  /** Runs a tracked connection to its end, then forgets it. */
  private void runTracked(Http1Connection connection) {
    try {
      connection.run();
    } finally {
      connections.remove(connection);
      released();
    }
  }

  private static void refuseBusy(SocketChannel channel) {
    try (channel) {
      channel.write(ByteBuffer.wrap(BUSY));
      channel.shutdownOutput();
    } catch (IOException ignored) {
      // the peer is gone already
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /**
   * Stops accepting, closes idle connections, lets in-flight requests finish within the grace
   * period, then closes the rest. Idempotent.
   */
  @Override
  public void close() {
    if (!closeStarted.compareAndSet(false, true)) {
      if (acceptor != null) {
        awaitQuietly();
      }
      return;
    }
    observer.shuttingDown();
    long delay = config.drainDelay().toMillis();
    if (delay > 0) {
      sleepMillis(delay); // still serving, while readiness says otherwise
    }
    closing = true;
    for (EventLoop loop : loops) {
      loop.shutdown(config.shutdownGrace().toNanos());
    }
    try {
      listener.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "closing the listener: " + e);
    }
    if (acceptor != null) {
      awaitQuietly();
    }
    long start = System.nanoTime();
    long deadline = start + config.shutdownGrace().toNanos();
    // a connection accepted but not yet read from may be carrying a request: give it a moment
    long freshDeadline = start + Math.min(FRESH_GRACE_NANOS, config.shutdownGrace().toNanos());
    boolean freshClosed = false;
    // every busy connection answers with Connection: close before any idle one is closed: a
    // client that sees its idle connection go must not find a keep-alive answer on another
    for (Http1Connection c : connections) {
      c.drain();
    }
    for (Http1Connection c : connections) {
      c.shutdown();
    }
    while (active.get() > 0 && System.nanoTime() < deadline) {
      if (!freshClosed && System.nanoTime() >= freshDeadline) {
        connections.forEach(Http1Connection::closeIfIdle);
        freshClosed = true;
      }
      sleepMillis(10);
    }
    for (Http1Connection c : connections) {
      c.abort();
    }
    for (Thread t : loopThreads) {
      try {
        t.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())) + 100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitQuietly() {
    try {
      stopped.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

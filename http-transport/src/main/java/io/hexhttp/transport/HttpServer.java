package io.hexhttp.transport;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.http1.Http1Engine;
import io.hexhttp.core.port.ServerObserver;
import io.hexhttp.transport.blocking.BlockingDriver;
import io.hexhttp.transport.internal.Site;
import io.hexhttp.transport.internal.TlsCodec;
import io.hexhttp.transport.loop.EventLoop;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server on a TCP port. Each connection's HTTP is an {@link Http1Engine}; the
 * configured {@link Transport} drives it: event loops, or a virtual thread per connection (a
 * platform thread accepts).
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.start(request -> HttpResponse.text("hi"),
 *     ServerConfig.builder().port(0).build())) {
 *   int port = server.port();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} tells the observer that shutdown has begun, waits the configured drain delay
 * (zero by default) while still serving, then stops accepting, closes idle connections and those
 * that have sent nothing at once, lets in-flight exchanges finish (answered with {@code Connection:
 * close}) within the configured grace period, and returns as soon as the last one is done; whatever
 * is left at the end of the grace is closed.
 */
public final class HttpServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.hexhttp.transport");
  private static final byte[] BUSY =
      ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 31\r\n"
              + "Connection: close\r\n\r\n503 Service Unavailable: busy\r\n")
          .getBytes(StandardCharsets.US_ASCII);
  private static final long WATCHDOG_MILLIS = 250;

  private final HttpHandler handler;
  private final ServerConfig config;
  private final ServerObserver observer;
  private final ServerSocketChannel listener;
  private final Set<BlockingDriver> blocking = ConcurrentHashMap.newKeySet();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private final Object quiet = new Object(); // notified when the last connection ends
  private final Thread acceptor;
  private final Selector acceptSelector; // the virtual-thread transport's
  private final Thread watchdog;
  private final EventLoop[] loops;
  private final Thread[] loopThreads;
  private final InetSocketAddress address;
  private final Clock clock = Clock.systemUTC();
  private volatile boolean closing;
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  private HttpServer(
      HttpHandler handler,
      ServerConfig config,
      ServerObserver observer,
      ServerSocketChannel listener)
      throws IOException {
    this.handler = handler;
    this.config = config;
    this.observer = observer;
    this.listener = listener;
    this.address = (InetSocketAddress) listener.getLocalAddress();
    ServerSite site = new ServerSite();
    if (config.transport() != Transport.VIRTUAL_THREADS) {
      listener.configureBlocking(false);
      int n = Math.max(1, Runtime.getRuntime().availableProcessors());
      this.loops = new EventLoop[n];
      this.loopThreads = new Thread[n];
      boolean epoll = config.transport() == Transport.EPOLL;
      for (int i = 0; i < n; i++) {
        try {
          loops[i] = new EventLoop(site, i == 0 ? listener : null, loops, epoll);
        } catch (IOException | RuntimeException e) {
          for (int j = 0; j < i; j++) {
            loops[j].abandon();
          }
          throw e;
        }
        loopThreads[i] = Thread.ofPlatform().name("hexhttp-loop-" + i).unstarted(loops[i]);
      }
      this.acceptor = null;
      this.acceptSelector = null;
    } else {
      this.loops = new EventLoop[0];
      this.loopThreads = new Thread[0];
      listener.configureBlocking(false);
      this.acceptSelector = Selector.open();
      this.acceptor =
          Thread.ofPlatform().name("hexhttp-acceptor").unstarted(() -> acceptLoop(site));
    }
    this.watchdog =
        Thread.ofPlatform().name("hexhttp-watchdog").daemon().unstarted(this::watchWrites);
  }

  /**
   * Binds the configured address and port and starts serving {@code handler}.
   *
   * @param handler the application
   * @param config the configuration
   * @return the running server
   * @throws IOException if the port cannot be bound ({@link java.net.BindException} if in use)
   * @throws IllegalStateException if the configured transport cannot run in this JVM ({@link
   *     Transport#unavailable} says why)
   */
  public static HttpServer start(HttpHandler handler, ServerConfig config) throws IOException {
    return start(handler, config, ServerObserver.NONE);
  }

  /**
   * Binds the configured address and port and starts serving {@code handler}, reporting its
   * lifecycle, connections and exchanges to {@code observer} (health checks, metrics).
   *
   * @param handler the application
   * @param config the configuration
   * @param observer what to report to
   * @return the running server
   * @throws IOException if the port cannot be bound ({@link java.net.BindException} if in use)
   * @throws IllegalStateException if the configured transport cannot run in this JVM ({@link
   *     Transport#unavailable} says why)
   */
  public static HttpServer start(HttpHandler handler, ServerConfig config, ServerObserver observer)
      throws IOException {
    Objects.requireNonNull(handler);
    Objects.requireNonNull(config);
    Objects.requireNonNull(observer);
    Optional<String> unavailable = config.transport().unavailable();
    if (unavailable.isPresent()) {
      throw new IllegalStateException(unavailable.get());
    }
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
    HttpServer server;
    try {
      server = new HttpServer(handler, config, observer, listener);
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
    if (server.acceptor != null) {
      server.acceptor.start();
    } else {
      for (Thread t : server.loopThreads) {
        t.start();
      }
    }
    server.watchdog.start();
    observer.listening();
    return server;
  }

  /**
   * The port the server listens on (the chosen one, when configured with 0).
   *
   * @return the port
   */
  public int port() {
    return address().getPort();
  }

  /**
   * The address the server listens on.
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * The configuration it runs with.
   *
   * @return the configuration
   */
  public ServerConfig config() {
    return config;
  }

  /**
   * The number of connections accepted since the start.
   *
   * @return the count
   */
  public long acceptedConnections() {
    return accepted.get();
  }

  /**
   * The number of connections open now.
   *
   * @return the count
   */
  public int activeConnections() {
    return active.get();
  }

  /** What the transports see of the server. */
  private final class ServerSite implements Site {
    @Override
    public HttpHandler handler() {
      return handler;
    }

    @Override
    public ServerObserver observer() {
      return observer;
    }

    @Override
    public Http1Engine engine(SocketChannel channel, long now) throws IOException {
      String peer =
          channel.getRemoteAddress() instanceof InetSocketAddress isa
              ? isa.getAddress().getHostAddress()
              : null;
      return new Http1Engine(config.http(), observer, clock, peer, now, () -> closing);
    }

    @Override
    public boolean admit(SocketChannel channel) {
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

    @Override
    public void released() {
      observer.connectionClosed();
      if (active.decrementAndGet() == 0) {
        synchronized (quiet) {
          quiet.notifyAll();
        }
      }
    }

    @Override
    public TlsCodec tls(long now) {
      TlsConfig tls = config.tls();
      return tls == null
          ? null
          : new TlsCodec(tls.newEngine(), now + tls.handshakeTimeout().toNanos());
    }

    @Override
    public boolean tlsTasksOffLoop() {
      return config.tls() != null && config.tls().handshakeTasksOffLoop();
    }

    @Override
    public void handOver(SocketChannel channel, Http1Engine engine, TlsCodec tls) {
      BlockingDriver driver;
      try {
        channel.configureBlocking(true);
        driver = new BlockingDriver(channel, engine, handler, observer, tls);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "hand-over failed: " + e);
        engine.close();
        closeQuietly(channel);
        released();
        return;
      }
      runBlocking(driver);
    }

    void runBlocking(BlockingDriver driver) {
      blocking.add(driver); // before the thread starts, so that a close at once still sees it
      if (closing) {
        driver.shutdown();
      }
      Thread.ofVirtual()
          .name("hexhttp-connection")
          .start(
              () -> {
                try {
                  driver.run();
                } finally {
                  blocking.remove(driver);
                  released();
                }
              });
    }
  }

  /**
   * The virtual-thread transport's acceptor: waits for connections on a selector, so that at
   * shutdown it can take in what the kernel already completed (and answer or close it politely)
   * before the listener closes, instead of leaving those clients to a reset.
   */
  private void acceptLoop(ServerSite site) {
    try (Selector selector = acceptSelector) {
      listener.register(selector, SelectionKey.OP_ACCEPT);
      while (true) {
        boolean last = closing; // once closing is seen: one more round takes in the backlog
        selector.select(last ? 1 : 0);
        selector.selectedKeys().clear();
        acceptAll(site);
        if (last) {
          break;
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      LOG.log(Level.DEBUG, () -> "the acceptor ended: " + e);
    }
  }

  private void acceptAll(ServerSite site) {
    while (true) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // e.g. too many open files: log, breathe, go on rather than die
        LOG.log(Level.WARNING, "accept failed: " + e);
        pause(50);
        return;
      }
      if (channel == null) {
        return;
      }
      if (!site.admit(channel)) {
        continue;
      }
      BlockingDriver driver;
      try {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        long now = System.nanoTime();
        driver =
            new BlockingDriver(
                channel, site.engine(channel, now), handler, observer, site.tls(now));
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "connection setup failed: " + e);
        closeQuietly(channel);
        site.released();
        continue;
      }
      site.runBlocking(driver);
    }
  }

  /** Cuts connections whose blocking write has made no progress for the write timeout. */
  private void watchWrites() {
    long limit = config.http().writeTimeout().toNanos();
    while (closed.getCount() > 0) {
      try {
        if (closed.await(WATCHDOG_MILLIS, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (BlockingDriver d : blocking) {
        if (d.writeStalled(now, limit)) {
          observer.connectionTimedOut();
          d.abort();
        }
      }
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
   * Stops accepting, closes idle connections, lets in-flight exchanges finish within the grace
   * period, then closes the rest. Returns as soon as no connection is left. Idempotent.
   */
  @Override
  public void close() {
    if (!closeStarted.compareAndSet(false, true)) {
      awaitClosed();
      return;
    }
    try {
      observer.shuttingDown();
      long delay = config.drainDelay().toMillis();
      if (delay > 0) {
        pause(delay); // still serving, while readiness says otherwise
      }
      closing = true;
      long grace = config.shutdownGrace().toNanos();
      long deadline = System.nanoTime() + grace;
      for (EventLoop loop : loops) {
        loop.shutdown(grace);
      }
      // the acceptor takes in what the kernel completed, then the listener closes
      if (loops.length > 0) {
        loops[0].awaitAcceptStopped(1_000);
      }
      if (acceptor != null) {
        acceptSelector.wakeup();
        join(acceptor, 5_000);
      }
      try {
        listener.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, () -> "closing the listener: " + e);
      }
      for (BlockingDriver d : blocking) {
        d.shutdown();
      }
      synchronized (quiet) {
        long left;
        while (active.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
          try {
            quiet.wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      for (BlockingDriver d : blocking) {
        d.abort();
      }
      for (Thread t : loopThreads) {
        join(t, TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - System.nanoTime())) + 1_000);
      }
    } finally {
      closed.countDown();
    }
  }

  private void awaitClosed() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread t, long millis) {
    try {
      t.join(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.hexhttp.transport;

import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.codec.RequestParser;
import io.hexhttp.core.codec.WouldBlockException;
import io.hexhttp.core.port.ServerObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One event loop of {@link Transport#EVENT_LOOP}: a selector thread that reads requests from
 * non-blocking sockets, runs the handler, and writes each batch of responses with one write.
 * The HTTP itself is {@link Http1Connection}'s, step by step; a request that must stream (a body
 * to read, a large or streamed body to write) is handed with its connection to a virtual thread.
 */
final class EventLoop implements Runnable {
  private static final System.Logger LOG = System.getLogger("io.hexhttp.transport");
  private static final long SWEEP_NANOS = 100_000_000L;
  private static final long LINGER_NANOS = 2_000_000_000L;
  private static final long IDLE_RELEASE_NANOS = 1_000_000_000L;

  private final HttpServer server;
  private final ServerObserver observer;
  private final ServerConfig config;
  private final Selector selector;
  private final ServerSocketChannel listener; // loop 0 accepts for every loop
  private final EventLoop[] loops;
  private final Queue<SocketChannel> incoming = new ConcurrentLinkedQueue<>();
  private final Set<Connection> connections = new HashSet<>();
  private final List<Connection> handOvers = new ArrayList<>();
  private final ByteBuffer scratch = ByteBuffer.allocate(8192);
  private int nextLoop;
  private volatile boolean closing;
  private volatile long closingStart;
  private volatile long closingDeadline;

  EventLoop(HttpServer server, ServerConfig config, ServerSocketChannel listener, EventLoop[] loops)
      throws IOException {
    this.server = server;
    this.observer = server.observer();
    this.config = config;
    this.selector = Selector.open();
    this.listener = listener;
    this.loops = loops;
  }

  /** Starts closing: no more accepting; idle connections close, busy ones finish. */
  void shutdown(long graceNanos) {
    closingStart = System.nanoTime();
    closingDeadline = closingStart + graceNanos;
    closing = true;
    selector.wakeup();
  }

  private void adopt(SocketChannel channel) {
    incoming.add(channel);
    selector.wakeup();
  }

  @Override
  public void run() {
    try {
      if (listener != null) {
        listener.register(selector, SelectionKey.OP_ACCEPT);
      }
      long nextSweep = System.nanoTime() + SWEEP_NANOS;
      boolean closed = false;
      while (true) {
        // the consumer form spares the selected-key set and its iterator on every event
        selector.select(this::dispatch, 100);
        if (closing && !closed) {
          closed = true;
          beginClosing();
        }
        for (SocketChannel ch; (ch = incoming.poll()) != null; ) {
          register(ch);
        }
        if (!handOvers.isEmpty()) {
          handOver();
        }
        long now = System.nanoTime();
        if (now >= nextSweep) {
          sweep(now);
          nextSweep = now + SWEEP_NANOS;
        }
        if (closed && (connections.isEmpty() || now - closingDeadline > 0)) {
          break;
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      LOG.log(Level.WARNING, "event loop failed: " + e);
    } finally {
      for (Connection c : List.copyOf(connections)) {
        c.close();
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  private void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      try {
        accept();
      } catch (IOException e) {
        if (!closing) {
          LOG.log(Level.WARNING, "accept failed: " + e); // e.g. out of file descriptors
        }
      }
      return;
    }
    Connection c = (Connection) key.attachment();
    if (key.isWritable()) {
      c.onWritable();
    } else if (key.isReadable()) {
      c.onReadable();
    }
  }

  private void beginClosing() {
    if (listener != null) {
      SelectionKey key = listener.keyFor(selector);
      if (key != null) {
        key.cancel();
      }
    }
    for (Connection c : List.copyOf(connections)) {
      c.http.drain(); // the next answer says Connection: close
      if (c.isIdle() && c.http.hasServed()) {
        c.close(); // between requests; a fresh one gets a second for its first request
      }
    }
  }

  private void accept() throws IOException {
    for (SocketChannel ch; (ch = listener.accept()) != null; ) {
      if (!server.admit(ch)) {
        continue;
      }
      EventLoop target = loops[nextLoop++ % loops.length];
      if (target == this) {
        register(ch);
      } else {
        target.adopt(ch);
      }
    }
  }

  private void register(SocketChannel ch) {
    try {
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection c = new Connection(ch);
      c.key = ch.register(selector, SelectionKey.OP_READ, c);
      connections.add(c);
      if (closing) {
        c.http.drain();
      }
      c.onReadable(); // a client's request usually follows its connect at once: spare a select

    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "connection setup failed: " + e);
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to do
      }
      server.released();
    }
  }

  private void sweep(long now) {
    long idle = config.idleTimeout().toNanos();
    long head = config.headTimeout().toNanos();
    for (Connection c : List.copyOf(connections)) {
      if (c.lingerSince != 0) {
        if (now - c.lingerSince > LINGER_NANOS) {
          c.close();
        }
      } else if (c.headSince != 0 && now - c.headSince > head) {
        c.refuseSlowHead();
      } else if (c.headSince == 0 && c.isIdle() && now - c.lastActive > idle) {
        observer.connectionTimedOut();
        c.close();
      } else if (c.isIdle() && now - c.lastActive > IDLE_RELEASE_NANOS) {
        c.output.release(); // a connection idle for a while holds no buffers
        c.input.release();
        c.http.releaseBuffers();
      } else if (closing && c.isIdle() && now - closingStart > 1_000_000_000L) {
        c.close(); // accepted just before the shutdown, and silent for a second since
      }
    }
  }

  /** Moves the connections that must stream to virtual threads, after deregistering them. */
  private void handOver() throws IOException {
    for (Connection c : handOvers) {
      c.key.cancel();
      connections.remove(c);
    }
    selector.selectNow(); // completes the deregistration, so the channels may block
    for (Connection c : handOvers) {
      try {
        c.channel.configureBlocking(true);
        SocketConduit blocking = new SocketConduit(c.channel, observer);
        c.input.delegate = blocking.input();
        byte[] pending = c.output.take();
        Http1Connection http =
            Http1Connection.resume(server.handler(), config, blocking, c.http.parser(), pending,
                c.http.handedOverRequest(), c.http.handedOverResponse(), observer);
        server.serveHandedOver(http);
      } catch (IOException e) {
        LOG.log(Level.DEBUG, () -> "hand-over failed: " + e);
        c.close();
      }
    }
    handOvers.clear();
  }

  /** The non-blocking source the parser reads: the socket, or after a hand-over its stream. */
  private static final class Input extends InputStream {
    private final SocketChannel channel;
    private final ServerObserver observer;
    private ByteBuffer view;
    private byte[] viewed;
    volatile InputStream delegate;
    boolean drained; // the last read got less than it asked for: the socket is likely empty

    Input(SocketChannel channel, ServerObserver observer) {
      this.channel = channel;
      this.observer = observer;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Forgets the view of the parser's buffer, which would otherwise keep a released one. */
    void release() {
      view = null;
      viewed = null;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      InputStream d = delegate;
      if (d != null) {
        return d.read(b, off, len);
      }
      if (b != viewed) {
        view = ByteBuffer.wrap(b);
        viewed = b;
      }
      view.limit(off + len).position(off);
      int n = channel.read(view);
      if (n == 0) {
        drained = true;
        throw WouldBlockException.INSTANCE;
      }
      if (n > 0) {
        observer.bytesRead(n);
      }
      drained = n < len;
      return n;
    }
  }

  /** Where the encoder's batches go, until the loop writes them. */
  private static final class Output extends OutputStream {
    private static final byte[] NO_BYTES = new byte[0];
    byte[] buf = NO_BYTES;
    int start;
    int end;
    private ByteBuffer view = ByteBuffer.wrap(NO_BYTES);

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (end + len > buf.length) {
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          start = 0;
        }
        if (end + len > buf.length) {
          buf = Arrays.copyOf(buf, Math.max(end + len, Math.max(buf.length * 2, 1024)));
        }
      }
      System.arraycopy(b, off, buf, end, len);
      end += len;
    }

    boolean isEmpty() {
      return start == end;
    }

    /** The bytes waiting to be written, as a buffer over the same array. */
    ByteBuffer pending() {
      if (view.array() != buf) {
        view = ByteBuffer.wrap(buf);
      }
      view.limit(end).position(start);
      return view;
    }

    void release() {
      buf = NO_BYTES;
      view = ByteBuffer.wrap(NO_BYTES);
      start = 0;
      end = 0;
    }

    byte[] take() {
      byte[] out = Arrays.copyOfRange(buf, start, end);
      start = 0;
      end = 0;
      return out;
    }
  }

  /** One connection on this loop. */
  private final class Connection implements Conduit {
    final SocketChannel channel;
    final Input input;
    final Output output = new Output();
    final Http1Connection http;
    final String remote;
    SelectionKey key;
    long lastActive = System.nanoTime();
    long headSince; // when the bytes of an unfinished head began to wait
    long lingerSince; // when the output was shut, waiting for the peer to finish
    boolean closeAfterWrite;
    boolean cleanClose; // the client asked to close, and nothing of its is left unread
    boolean closed;

    Connection(SocketChannel channel) throws IOException {
      this.channel = channel;
      this.input = new Input(channel, observer);
      this.remote = SocketConduit.hostOf(channel);
      this.http =
          new Http1Connection(server.handler(), config, this, null, true, observer);
      this.http.drainWhen(() -> closing);
    }

    boolean isIdle() {
      return !http.parser().hasBufferedInput() && output.isEmpty() && headSince == 0;
    }

    void onReadable() {
      if (lingerSince != 0) {
        discard();
        return;
      }
      lastActive = System.nanoTime();
      input.drained = false;
      RequestParser parser = http.parser();
      try {
        while (!closeAfterWrite) {
          if (input.drained && !parser.hasBufferedInput()) {
            break;
          }
          HttpRequest request;
          try {
            request = parser.next();
          } catch (WouldBlockException e) {
            if (parser.hasBufferedInput() && headSince == 0) {
              headSince = System.nanoTime();
            }
            break;
          } catch (HttpException e) {
            http.refuse(e);
            closeAfterWrite = true;
            break;
          }
          headSince = 0;
          if (request == null) {
            closeAfterWrite = true;
            break;
          }
          Http1Connection.Outcome outcome = http.step(request);
          if (outcome == Http1Connection.Outcome.HAND_OVER) {
            http.flush();
            key.interestOps(0);
            handOvers.add(this);
            return;
          }
          if (outcome == Http1Connection.Outcome.CLOSE) {
            closeAfterWrite = true;
            cleanClose =
                !request.isKeepAlive() && parser.bodyConsumed() && !parser.hasBufferedInput();
          }
        }
        http.flush();
        write();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "connection ended: " + e);
        close();
      }
    }

    void onWritable() {
      try {
        write();
        if (output.isEmpty() && !closeAfterWrite && lingerSince == 0) {
          onReadable(); // requests may wait in the buffer behind the ones just answered
        }
      } catch (IOException e) {
        close();
      }
    }

    private void write() throws IOException {
      if (!output.isEmpty()) {
        int n = channel.write(output.pending());
        if (n > 0) {
          observer.bytesWritten(n);
        }
        output.start += n;
        if (output.isEmpty()) {
          output.start = 0;
          output.end = 0;
        } else {
          key.interestOps(SelectionKey.OP_WRITE); // stop reading until the peer catches up
          return;
        }
      }
      if (closeAfterWrite && cleanClose) {
        close(); // nothing unread, so the close sends a FIN, not a reset
      } else if (closeAfterWrite) {
        linger();
      } else if (key.interestOps() != SelectionKey.OP_READ) {
        key.interestOps(SelectionKey.OP_READ);
      }
    }

    /** Shuts the output, then reads what the peer still sends, so no reset destroys the answer. */
    private void linger() throws IOException {
      if (lingerSince != 0) {
        return;
      }
      lingerSince = System.nanoTime();
      channel.shutdownOutput();
      key.interestOps(SelectionKey.OP_READ);
      discard();
    }

    private void discard() {
      try {
        for (int i = 0; i < 32; i++) {
          scratch.clear();
          int n = channel.read(scratch);
          if (n < 0) {
            close();
            return;
          }
          if (n == 0) {
            return;
          }
        }
        close(); // the peer keeps sending: enough
      } catch (IOException e) {
        close();
      }
    }

    void refuseSlowHead() {
      try {
        headSince = 0;
        http.refuseSlowHead();
        closeAfterWrite = true;
        write();
      } catch (IOException e) {
        close();
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      connections.remove(this);
      if (key != null) {
        key.cancel();
      }
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do
      }
      server.released();
    }

    // Conduit, as the connection's HTTP sees it

    @Override
    public InputStream input() {
      return input;
    }

    @Override
    public OutputStream output() {
      return output;
    }

    @Override
    public String peer() {
      return remote == null ? "unknown" : remote;
    }

    @Override
    public String remoteAddress() {
      return remote;
    }
  }
}

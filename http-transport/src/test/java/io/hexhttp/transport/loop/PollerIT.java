package io.hexhttp.transport.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an {@link EventLoop} relies on from either {@link Poller}, over real sockets: readiness as
 * asked for, bytes in and out of heap buffers, nothing reported for a socket that asked for nothing
 * (even once its peer has reset it), bytes reported again when more arrive or when asked for again
 * (edge-triggered, epoll reports an arrival once), and wakeups from other threads, also after
 * close.
 */
@ParameterizedClass
@ValueSource(strings = {"selector", "epoll"})
class PollerIT {
  @Parameter String kind;

  private Poller poller;
  private ServerSocketChannel listener;
  private final List<SocketChannel> opened = new ArrayList<>();

  /** What one round of select reported. */
  private static final class Round implements Poller.Ready {
    int accepts;
    final List<Poller.Socket> ready = new ArrayList<>();
    final List<Boolean> readable = new ArrayList<>();

    @Override
    public void acceptable() {
      accepts++;
    }

    @Override
    public void ready(Poller.Socket socket, boolean r) {
      ready.add(socket);
      readable.add(r);
    }
  }

  @BeforeEach
  void open() throws IOException {
    poller = kind.equals("epoll") ? NativePoller.open() : new SelectorPoller();
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    listener.configureBlocking(false);
  }

  @AfterEach
  void close() throws IOException {
    for (SocketChannel c : opened) {
      c.close();
    }
    listener.close();
    poller.close();
  }

  private Round select(long millis) throws IOException {
    Round round = new Round();
    poller.select(round, millis);
    return round;
  }

  /** A connected pair: the client, blocking, and the server's side, registered. */
  private SocketChannel[] pair(Object attachment, Poller.Socket[] registered) throws IOException {
    SocketChannel client = SocketChannel.open(listener.getLocalAddress());
    opened.add(client);
    SocketChannel server = null;
    for (int i = 0; i < 100 && server == null; i++) {
      server = listener.accept();
    }
    assertTrue(server != null, "accepted");
    opened.add(server);
    server.configureBlocking(false);
    registered[0] = poller.register(server, attachment);
    return new SocketChannel[] {client, server};
  }

  @Test
  void epollRunsOnLinuxWithJdk22AndTheOptionsTheTestsGive() {
    // so that every test over Transport.available() runs the epoll transport too
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    boolean supported =
        System.getProperty("os.name").startsWith("Linux")
            && (arch.equals("amd64") || arch.equals("aarch64"))
            && Runtime.version().feature() >= 22;
    Optional<String> unavailable = Transport.EPOLL.unavailable();
    assertEquals(supported, unavailable.isEmpty(), unavailable.orElse("available"));
    assertEquals(supported, Transport.available().contains(Transport.EPOLL));
    assertEquals(Optional.empty(), Transport.EVENT_LOOP.unavailable());
  }

  @Test
  void reportsTheListenerWhenAConnectionWaits() throws IOException {
    poller.listen(listener);
    assertEquals(0, select(0).accepts);
    opened.add(SocketChannel.open(listener.getLocalAddress()));
    assertEquals(1, select(5_000).accepts);
    poller.unlisten(listener);
    assertEquals(0, select(100).accepts);
  }

  @Test
  void readsWhatArrivedAndWritesIntoHeapBuffers() throws IOException {
    Poller.Socket[] s = new Poller.Socket[1];
    String attachment = "connection";
    SocketChannel[] p = pair(attachment, s);
    assertTrue(select(0).ready.isEmpty(), "nothing to read yet");
    assertEquals(0, s[0].read(ByteBuffer.allocate(16)), "none yet, not the end");

    p[0].write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
    Round round = select(5_000);
    assertEquals(1, round.ready.size());
    assertSame(s[0], round.ready.get(0));
    assertTrue(round.readable.get(0));
    assertSame(attachment, s[0].attachment);
    ByteBuffer in = ByteBuffer.allocate(64);
    in.position(3); // into the buffer's remaining space, as the engine's read buffer is
    assertEquals(5, s[0].read(in));
    assertEquals("hello", new String(in.array(), 3, 5, StandardCharsets.US_ASCII));
    assertEquals(8, in.position());

    ByteBuffer out = ByteBuffer.wrap("xxworld".getBytes(StandardCharsets.US_ASCII)).position(2);
    assertEquals(5, s[0].write(out));
    assertFalse(out.hasRemaining());
    ByteBuffer back = ByteBuffer.allocate(5);
    while (back.hasRemaining()) {
      p[0].read(back);
    }
    assertEquals("world", new String(back.array(), StandardCharsets.US_ASCII));

    p[0].shutdownOutput();
    assertTrue(select(5_000).readable.get(0), "the end is readable");
    assertEquals(-1, s[0].read(ByteBuffer.allocate(8)));
  }

  @Test
  void reportsBytesAgainWhenMoreArriveAndWhatWaitedWhenAskedAgain() throws IOException {
    // what the loop counts on from an edge-triggered poller as from a level-triggered one
    Poller.Socket[] s = new Poller.Socket[1];
    SocketChannel[] p = pair(null, s);
    p[0].write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertTrue(select(5_000).readable.get(0));
    ByteBuffer in = ByteBuffer.allocate(2);
    assertEquals(2, s[0].read(in), "a full read: there may be more");
    Round again = select(0);
    if (kind.equals("epoll")) {
      // edge-triggered: the byte left waits for the loop, which knows it may be there
      assertTrue(again.ready.isEmpty(), "bytes already reported are not reported again");
    } else {
      assertTrue(again.readable.get(0), "level-triggered: reported while bytes wait");
    }
    assertEquals(1, s[0].read(ByteBuffer.allocate(8)), "a short read: the socket is empty");
    assertTrue(select(0).ready.isEmpty());

    p[0].write(ByteBuffer.wrap(new byte[] {4}));
    assertTrue(select(5_000).readable.get(0), "each arrival after a short read is reported");
    s[0].interest(Poller.WRITE); // the loop stops reading while a response waits for room
    assertFalse(select(5_000).readable.get(0), "writable, not readable");
    s[0].interest(Poller.READ);
    assertTrue(select(5_000).readable.get(0), "the byte that waited, once asked for again");
    assertEquals(1, s[0].read(ByteBuffer.allocate(8)));
  }

  @Test
  void reportsWritableOnlyWhenAskedAndNothingWhenAskedForNothing() throws IOException {
    Poller.Socket[] s = new Poller.Socket[1];
    SocketChannel[] p = pair(null, s);
    s[0].interest(Poller.WRITE);
    Round round = select(5_000);
    assertEquals(1, round.ready.size());
    assertFalse(round.readable.get(0), "writable, not readable");

    s[0].interest(0); // its handler runs elsewhere
    p[0].write(ByteBuffer.wrap(new byte[] {1}));
    p[0].setOption(StandardSocketOptions.SO_LINGER, 0);
    p[0].close(); // a reset: a hang-up and an error
    opened.remove(p[0]);
    assertTrue(select(200).ready.isEmpty(), "nothing for a socket that asked for nothing");

    s[0].interest(Poller.READ);
    assertTrue(select(5_000).readable.get(0), "reported once it asks again");
  }

  @Test
  void aCancelledSocketIsNotReportedAndItsChannelCanBlock() throws IOException {
    Poller.Socket[] s = new Poller.Socket[1];
    SocketChannel[] p = pair(null, s);
    p[0].write(ByteBuffer.wrap(new byte[] {1}));
    s[0].cancel();
    poller.settleCancels();
    assertTrue(select(200).ready.isEmpty());
    p[1].configureBlocking(true); // handed over to blocking I/O
    assertEquals(1, p[1].read(ByteBuffer.allocate(4)));
  }

  @Test
  void aWakeupFromAnotherThreadEndsASelectAndOneAfterCloseDoesNothing() throws Exception {
    Thread self = Thread.currentThread();
    String name = self.getName();
    self.setName(SELECTING); // the kernel's name for this thread too, so /proc can find it
    Thread waker =
        Thread.ofVirtual()
            .start(
                () -> {
                  // the wakeup waits until the select sleeps in the kernel; should that not be
                  // seen, a wakeup before the select must end it at once as well
                  awaitSleeping(SELECTING, 5_000_000_000L);
                  poller.wakeup();
                });
    long start = System.nanoTime();
    try {
      assertTrue(select(30_000).ready.isEmpty());
    } finally {
      self.setName(name);
    }
    assertTrue(System.nanoTime() - start < 20_000_000_000L, "woken long before its timeout");
    waker.join();
    poller.wakeup();
    poller.wakeup(); // twice before a select: one round ends, the next waits again
    select(30_000);
    assertTrue(select(100).ready.isEmpty());
    poller.close();
    poller.wakeup(); // a handler returning after its loop ended
    poller = new SelectorPoller(); // for close()
  }

  private static final String SELECTING = "pollerit-select"; // at most 15 characters: a comm

  /** Waits until the thread whose kernel name is {@code comm} sleeps, or {@code nanos} pass. */
  private static void awaitSleeping(String comm, long nanos) {
    long deadline = System.nanoTime() + nanos;
    Path tasks = Path.of("/proc/self/task");
    while (System.nanoTime() < deadline && Files.isDirectory(tasks)) {
      try (Stream<Path> all = Files.list(tasks)) {
        for (Path t : all.toList()) {
          try {
            if (Files.readString(t.resolve("comm")).strip().equals(comm)) {
              String stat = Files.readString(t.resolve("stat"));
              if (stat.charAt(stat.lastIndexOf(')') + 2) == 'S') {
                return;
              }
            }
          } catch (IOException gone) {
            // a thread that ended meanwhile
          }
        }
      } catch (IOException e) {
        return;
      }
      LockSupport.parkNanos(1_000_000L);
    }
  }
}

package io.hexhttp.transport;

import static io.hexhttp.transport.Sockets.readAll;
import static io.hexhttp.transport.Sockets.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.routing.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The server over real sockets, on both transports: timeouts, limits, the cap, graceful close. */
@ParameterizedClass
@MethodSource("io.hexhttp.transport.Transport#available")
class HttpServerIT {
  @Parameter Transport transport;

  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch entered = new CountDownLatch(1);
  private final HttpHandler app =
      Router.builder()
          .get("/", r -> HttpResponse.ok())
          .get(
              "/slow",
              r -> {
                entered.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return HttpResponse.text("done");
              })
          .post("/upload", r -> HttpResponse.text(String.valueOf(r.body().bytes().length)))
          .post(
              "/mirror",
              r -> HttpResponse.text(new String(r.body().bytes(), StandardCharsets.ISO_8859_1)))
          .build();
  private HttpServer server;

  private HttpServer start(ServerConfig.Builder config) throws IOException {
    server =
        HttpServer.start(
            app,
            // answers are read by their exact length: no Date field
            config
                .port(0)
                .transport(transport)
                .sendDate(false)
                .bindAddress(InetAddress.getLoopbackAddress())
                .build());
    return server;
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  private Socket connect() throws IOException {
    return Sockets.connect(server);
  }

  private String get(String path) throws IOException {
    try (Socket s = connect()) {
      send(s, "GET " + path + " HTTP/1.1\r\nConnection: close\r\n\r\n");
      return readAll(s);
    }
  }

  @Test
  void aLoopWaitingForAHandlerWhoseClientHungUpStaysIdle() throws Exception {
    // epoll reports a hang-up whatever a descriptor asked for: one whose handler runs elsewhere
    // (asking for nothing) must leave the set, or its loop is told of the reset again and again
    Assumptions.assumeTrue(transport != Transport.VIRTUAL_THREADS, "no loops");
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc");
    start(ServerConfig.builder());
    try (Socket s = connect()) {
      send(s, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(entered.await(5, TimeUnit.SECONDS));
      s.setSoLinger(true, 0); // the close resets the connection: a hang-up and an error
    } // the client is gone; its handler still runs
    // a loop told of the hang-up again and again reaches 50 ms of CPU within the half second;
    // one that stays idle never does, and the wait ends at its bound
    long before = loopCpuNanos();
    long deadline = System.nanoTime() + 500_000_000L;
    long spent = 0;
    while (spent < 50_000_000L && System.nanoTime() < deadline) {
      LockSupport.parkNanos(10_000_000L);
      spent = loopCpuNanos() - before;
    }
    assertTrue(spent < 50_000_000L, "the loops spent " + spent / 1_000_000 + " ms of CPU");
    release.countDown();
    assertTrue(get("/").startsWith("HTTP/1.1 200 OK\r\n"));
  }

  /** The CPU time of the server's loop threads, from Linux's /proc (10 ms resolution). */
  private static long loopCpuNanos() throws IOException {
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : tasks.toList()) {
        try {
          if (Files.readString(t.resolve("comm")).startsWith("hexhttp-loop-")) {
            String stat = Files.readString(t.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
          }
        } catch (IOException gone) {
          // a thread that ended meanwhile
        }
      }
    }
    return ticks * 10_000_000L;
  }

  @Test
  void cutsOffAClientThatDripsItsHead() throws Exception {
    start(ServerConfig.builder().headTimeout(Duration.ofMillis(600)));
    ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
    try (Socket s = connect()) {
      byte[] head =
          "GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII);
      OutputStream out = s.getOutputStream();
      int[] next = {0};
      drip.scheduleAtFixedRate(
          () -> {
            try {
              if (next[0] < head.length) {
                out.write(head[next[0]++]);
              }
            } catch (IOException closed) {
              drip.shutdown();
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      String answer = readAll(s);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
      assertTrue(answer.contains("Connection: close"));
      assertTrue(millis < 4000, "cut off after " + millis + " ms");
    } finally {
      drip.shutdownNow();
    }
  }

  @Test
  void servesAConnectionAgainAfterItsBuffersWereLetGo() throws Exception {
    start(ServerConfig.builder());
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    String ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    String stored = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n10000";
    String big =
        "GET / HTTP/1.1\r\nX-Big: " + "x".repeat(5000) + "\r\n\r\n"; // outgrows a fresh buffer
    String upload = "POST /upload HTTP/1.1\r\nContent-Length: 10000\r\n\r\n" + "u".repeat(10_000);
    try (Socket s = connect()) {
      send(s, "GET / HTTP/1.1\r\n\r\n");
      assertEquals(ok, read(s, ok.length()));
      for (String next : new String[] {big + "GET / HTTP/1.1\r\n\r\n", upload}) {
        // the client falls silent for longer than the event loop's one second before it lets go
        // of an idle connection's buffers, then sends a large head (and a pipelined one) or a body
        later.schedule(
            () -> {
              send(s, next);
              return null;
            },
            1300,
            TimeUnit.MILLISECONDS);
        String expected = next.startsWith("POST") ? stored : ok + ok;
        assertEquals(expected, read(s, expected.length()));
      }
    } finally {
      later.shutdownNow();
    }
  }

  @Test
  void connectionsThatFollowClosedOnesAnswerOnlyTheirOwnRequests() throws Exception {
    // each loop keeps the buffers of connections that close for the ones that come next: eight
    // clients at once open connection after connection, each with bodies and heads of its own,
    // half of them leaving without reading their last answer; every answer must be its own
    start(ServerConfig.builder());
    try (var clients = Executors.newFixedThreadPool(8)) {
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int client = 0; client < 8; client++) {
        int id = client;
        done.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    for (int round = 0; round < 40; round++) {
                      mirrorTwiceThenLeave(id, round);
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                },
                clients));
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
  }

  private void mirrorTwiceThenLeave(int client, int round) throws IOException {
    try (Socket s = connect()) {
      for (int i = 0; i < 2; i++) {
        String body =
            ("client " + client + " round " + round + " request " + i + ";")
                .repeat(1 + (client * 7 + round * 13 + i) % 90);
        send(s, "POST /mirror HTTP/1.1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        String expected =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body;
        if (i == 1 && round % 2 == 0) {
          return; // gone before its answer
        }
        assertEquals(expected, read(s, expected.length()));
      }
    }
  }

  private static String read(Socket s, int length) throws IOException {
    return new String(s.getInputStream().readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  @Test
  void closesAnIdleKeepAliveConnection() throws Exception {
    start(ServerConfig.builder().idleTimeout(Duration.ofMillis(300)));
    try (Socket s = connect()) {
      send(s, "GET / HTTP/1.1\r\n\r\n");
      InputStream in = s.getInputStream();
      byte[] expected =
          "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      assertEquals(new String(expected), new String(in.readNBytes(expected.length)));
      long start = System.nanoTime();
      assertEquals(-1, in.read());
      assertTrue((System.nanoTime() - start) / 1_000_000 < 5000);
    }
  }

  @Test
  void closesIdleConnectionsWhileABusyOneKeepsTheLoopsTurning() throws Exception {
    // the deadlines are checked a few connections at a time, each round a share as large as the
    // time since the last: many short rounds (one busy client) must still get to every one
    start(ServerConfig.builder().idleTimeout(Duration.ofMillis(300)));
    byte[] ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    List<Socket> idle = new ArrayList<>();
    CompletableFuture<Void> busy = null;
    AtomicBoolean done = new AtomicBoolean();
    try {
      for (int i = 0; i < 200; i++) {
        Socket s = connect();
        idle.add(s);
        send(s, "GET / HTTP/1.1\r\n\r\n");
        assertEquals(new String(ok), new String(s.getInputStream().readNBytes(ok.length)));
      }
      Socket client = connect();
      idle.add(client); // (closed with the others)
      busy =
          CompletableFuture.runAsync(
              () -> {
                try {
                  OutputStream out = client.getOutputStream();
                  InputStream in = client.getInputStream();
                  while (!done.get()) {
                    out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    if (in.readNBytes(ok.length).length != ok.length) {
                      return;
                    }
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      for (Socket s : idle.subList(0, 200)) {
        s.setSoTimeout(5000);
        assertEquals(-1, s.getInputStream().read(), "an idle connection is closed");
      }
      assertFalse(busy.isDone(), "the busy connection was served all along");
    } finally {
      done.set(true);
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  @Test
  void answers408WhenABodyStalls() throws Exception {
    start(ServerConfig.builder().minBodyRate(1000, Duration.ofMillis(300)));
    try (Socket s = connect()) {
      send(s, "POST /upload HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
      String answer = readAll(s);
      assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
    }
  }

  @Test
  void refusesConnectionsBeyondTheCapWith503() throws Exception {
    start(ServerConfig.builder().maxConnections(2));
    try (Socket a = connect();
        Socket b = connect()) {
      send(a, "GET / HTTP/1.1\r\n\r\n");
      send(b, "GET / HTTP/1.1\r\n\r\n");
      a.getInputStream().readNBytes(10);
      b.getInputStream().readNBytes(10);
      try (Socket c = connect()) {
        String answer = readAll(c);
        assertTrue(answer.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), answer);
      }
    }
    // once they are gone, new clients are served again
    waitUntil(() -> server.activeConnections() == 0);
    assertTrue(get("/").startsWith("HTTP/1.1 200 OK"));
  }

  @Test
  void fiveHundredStalledClientsDelayNoOne() throws Exception {
    start(ServerConfig.builder());
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 500; i++) {
        Socket s = connect();
        send(s, "GET /echo/half-a-request-li");
        stalled.add(s);
      }
      long start = System.nanoTime();
      assertTrue(get("/").startsWith("HTTP/1.1 200 OK"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 2000, "took " + millis + " ms");
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void closeLetsAnInFlightRequestFinishAndClosesIdleConnections() throws Exception {
    start(ServerConfig.builder().shutdownGrace(Duration.ofSeconds(5)));
    try (Socket idle = connect();
        Socket busy = connect()) {
      send(idle, "GET / HTTP/1.1\r\n\r\n");
      idle.getInputStream().readNBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".length());
      send(busy, "GET /slow HTTP/1.1\r\n\r\n");
      assertTrue(entered.await(5, TimeUnit.SECONDS));
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      assertEquals(-1, idle.getInputStream().read(), "the idle connection is closed at once");
      release.countDown();
      String answer = readAll(busy);
      assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
      assertTrue(answer.contains("Connection: close\r\n"), answer);
      assertTrue(answer.endsWith("done"));
      closing.get(10, TimeUnit.SECONDS);
    }
    try (Socket late = new Socket()) {
      late.connect(new InetSocketAddress(server.address().getAddress(), server.port()), 1000);
      late.setSoTimeout(2000);
      send(late, "GET / HTTP/1.1\r\n\r\n");
      assertEquals(-1, late.getInputStream().read());
    } catch (IOException refused) {
      // connection refused: not accepting any more, as it should
      assertTrue(!(refused instanceof SocketTimeoutException), refused.toString());
    }
  }

  @Test
  void streamsALargeUploadThroughTheSocket() throws Exception {
    start(ServerConfig.builder());
    try (Socket s = connect()) {
      int size = 5_000_000;
      send(s, "POST /upload HTTP/1.1\r\nContent-Length: " + size + "\r\nConnection: close\r\n\r\n");
      byte[] chunk = new byte[65536];
      for (int sent = 0; sent < size; sent += chunk.length) {
        s.getOutputStream().write(chunk, 0, Math.min(chunk.length, size - sent));
      }
      assertTrue(readAll(s).endsWith("\r\n\r\n" + size));
    }
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    CountDownLatch never = new CountDownLatch(1);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in 5 s");
      }
      never.await(10, TimeUnit.MILLISECONDS);
    }
  }
}

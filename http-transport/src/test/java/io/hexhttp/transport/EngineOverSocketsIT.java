package io.hexhttp.transport;

import static io.hexhttp.transport.Sockets.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.ServerObserver;
import io.hexhttp.core.routing.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the one engine promises, over real sockets, on both transports: a complete request is
 * answered before the next one has arrived, every response body is closed (descriptors counted), a
 * body dripped below the minimum rate is cut, a blocking handler stalls no other connection, and
 * close() returns at once when nothing is in flight.
 */
@ParameterizedClass
@MethodSource("io.hexhttp.transport.Transport#available")
class EngineOverSocketsIT {
  @Parameter Transport transport;

  @TempDir Path dir;

  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  private HttpHandler app() throws IOException {
    Path file = dir.resolve("x");
    Files.write(file, new byte[100_000]);
    return Router.builder()
        .get("/", r -> HttpResponse.text("root"))
        .get("/echo/{s}", r -> HttpResponse.text(r.pathParam("s")))
        .get("/file", r -> HttpResponse.ok().withBody(FileBody.open(file)))
        .get("/unchanged", r -> HttpResponse.of(Status.NOT_MODIFIED).withBody(FileBody.open(file)))
        .get(
            "/block",
            r -> {
              try {
                release.await(10, TimeUnit.SECONDS); // a database call, a slow disk
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return HttpResponse.text("unblocked");
            })
        .post("/upload", r -> HttpResponse.text(String.valueOf(r.body().bytes().length)))
        .build();
  }

  private void start(ServerConfig.Builder config) throws IOException {
    server =
        HttpServer.start(
            app(),
            config
                .port(0)
                .transport(transport)
                .sendDate(false)
                .bindAddress(InetAddress.getLoopbackAddress())
                .build());
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

  /** Reads exactly {@code text.length()} bytes and returns them. */
  private static String read(Socket s, int n) throws IOException {
    return new String(s.getInputStream().readNBytes(n), StandardCharsets.ISO_8859_1);
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void anOutOfMemoryErrorClosesOneConnectionAndTheServerGoesOn() throws Exception {
    AtomicBoolean armed = new AtomicBoolean(true);
    ServerObserver failing =
        new ServerObserver() {
          @Override
          public void bytesRead(long count) {
            if (armed.getAndSet(false)) {
              throw new OutOfMemoryError("simulated"); // where a buffer's growth would fail
            }
          }
        };
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    try {
      server =
          HttpServer.start(
              app(),
              ServerConfig.builder()
                  .port(0)
                  .transport(transport)
                  .sendDate(false)
                  .bindAddress(InetAddress.getLoopbackAddress())
                  .build(),
              failing);
      try (Socket s = connect()) {
        Sockets.send(s, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("", Sockets.readAll(s), "that connection closes without an answer");
      }
      try (Socket s = connect()) {
        Sockets.send(s, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertTrue(Sockets.readAll(s).startsWith("HTTP/1.1 200 OK\r\n"), "the next is served");
      }
    } finally {
      System.setErr(saved);
    }
    String printed = errors.toString(StandardCharsets.UTF_8);
    assertFalse(printed.contains("Exception in thread"), printed);
  }

  @Test
  void answersACompleteRequestBeforeTheNextOneHasArrived() throws Exception {
    start(ServerConfig.builder());
    try (Socket s = connect()) {
      // one write: a whole request, then the first bytes of the next one
      send(s, "GET /echo/first HTTP/1.1\r\n\r\nGET /echo/second HT");
      String first =
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nfirst";
      s.setSoTimeout(2_000); // well under the head timeout (10 s) that once released it
      assertEquals(first, read(s, first.length()));
      send(s, "TP/1.1\r\n\r\n");
      assertTrue(read(s, first.length() + 1).endsWith("second"));
    }
  }

  @Test
  void closesTheFileOfEveryHeadAnd304Answer() throws Exception {
    start(ServerConfig.builder());
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
    String unchanged = "HTTP/1.1 304 Not Modified\r\nContent-Length: 100000\r\n\r\n";
    try (Socket s = connect()) {
      send(s, "HEAD /file HTTP/1.1\r\n\r\n");
      read(s, head.length()); // warm up: the lazily opened parts of the JDK are open now
      long before = openDescriptors();
      for (int i = 0; i < 300; i++) {
        send(s, "HEAD /file HTTP/1.1\r\n\r\nGET /unchanged HTTP/1.1\r\n\r\n");
        assertEquals(head + unchanged, read(s, head.length() + unchanged.length()));
      }
      long after = openDescriptors();
      assertTrue(
          after - before < 10,
          "600 answers whose file was never sent left " + (after - before) + " descriptors open");
    }
  }

  @Test
  void closesTheFileOfAnAnswerTheClientAbandoned() throws Exception {
    start(ServerConfig.builder());
    try (Socket warm = connect()) {
      send(warm, "GET /file HTTP/1.1\r\nConnection: close\r\n\r\n");
      warm.getInputStream().readAllBytes();
    }
    long before = openDescriptors();
    for (int i = 0; i < 50; i++) {
      try (Socket s = connect()) {
        send(s, "GET /file HTTP/1.1\r\n\r\n");
        s.getInputStream().readNBytes(10); // and gone, 100 KB unread
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long after = openDescriptors();
    while (after - before >= 10 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      after = openDescriptors();
    }
    assertTrue(after - before < 10, (after - before) + " descriptors left open");
  }

  @Test
  void cutsABodyDrippedBelowTheMinimumRate() throws Exception {
    start(ServerConfig.builder().minBodyRate(1000, Duration.ofMillis(500)));
    try (Socket s = connect()) {
      send(s, "POST /upload HTTP/1.1\r\nContent-Length: 100000\r\n\r\n");
      OutputStream out = s.getOutputStream();
      long start = System.nanoTime();
      // a byte every 50 ms keeps every single read short of any per-read timeout
      String answer = "";
      InputStream in = s.getInputStream();
      s.setSoTimeout(50);
      while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8)) {
        try {
          out.write('x');
          out.flush();
        } catch (IOException cut) {
          break;
        }
        try {
          byte[] got = in.readNBytes(12);
          answer = new String(got, StandardCharsets.ISO_8859_1);
          break;
        } catch (SocketTimeoutException more) {
          // go on dripping
        }
      }
      assertTrue(answer.startsWith("HTTP/1.1 408"), "got: " + answer);
    }
  }

  @Test
  void aBlockingHandlerStallsNoOtherConnection() throws Exception {
    start(ServerConfig.builder());
    List<Socket> blocked = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) { // more than there are event loops
        Socket b = connect();
        send(b, "GET /block HTTP/1.1\r\n\r\n");
        blocked.add(b);
      }
      try (Socket s = connect()) {
        s.setSoTimeout(3_000);
        send(s, "GET / HTTP/1.1\r\n\r\n");
        String ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nroot";
        assertEquals(ok, read(s, ok.length()), "answered while four handlers block");
      }
      release.countDown();
      String unblocked =
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nunblocked";
      for (Socket b : blocked) {
        assertEquals(unblocked, read(b, unblocked.length()));
      }
    } finally {
      for (Socket b : blocked) {
        b.close();
      }
    }
  }

  @Test
  void closeReturnsAtOnceWithOnlyIdleAndSilentConnections() throws Exception {
    start(ServerConfig.builder().shutdownGrace(Duration.ofSeconds(10)));
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket idle = connect();
        send(idle, "GET / HTTP/1.1\r\n\r\n");
        String ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nroot";
        assertEquals(ok, read(idle, ok.length()));
        sockets.add(idle);
        sockets.add(connect()); // silent: connected, never sends a byte
      }
      long start = System.nanoTime();
      server.close();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < 2_000, "close() took " + millis + " ms of its 10 s grace");
      for (Socket s : sockets) {
        assertEquals(-1, s.getInputStream().read(), "closed by the server");
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}

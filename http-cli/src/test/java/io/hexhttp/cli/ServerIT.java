package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real wired application on an ephemeral port, spoken to by real clients and raw sockets. */
class ServerIT extends ProductContract {
  @TempDir static Path dir;
  static Main.Launched app;
  static int port;
  static final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.launch(dir);
    port = app.server().port();
  }

  @AfterAll
  static void stop() {
    app.server().close();
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  protected String exchange(String request) throws IOException {
    return raw(request);
  }

  @Override
  protected Path directory() {
    return dir;
  }

  /** Sends raw bytes, reads until the server closes (or the timeout), returns what came back. */
  private static String raw(String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("localhost", port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** Reads one response with a Content-Length body from {@code in}. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed within a response head");
      }
      head.write(c);
      state =
          (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
              ? state + 1
              : 0;
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : h.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return h + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  @Test
  void unknownPathsAre404() throws Exception {
    assertEquals(404, get("/abcdefg").statusCode());
    assertTrue(
        raw("GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n")
            .startsWith("HTTP/1.1 404 Not Found\r\n"));
  }

  @Test
  void echoesThePath() throws Exception {
    HttpResponse<byte[]> r = get("/echo/dooby/Coo-Monkey");
    assertEquals(200, r.statusCode());
    assertEquals("text/plain", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("16", r.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("dooby/Coo-Monkey", new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("café", new String(get("/echo/caf%C3%A9").body(), StandardCharsets.UTF_8));
    assertEquals("x", new String(get("/echo/x?ignored=1").body(), StandardCharsets.UTF_8));
    assertTrue(
        raw("GET /echo/%zz HTTP/1.1\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 400 "));
  }

  @Test
  void servesAndStoresFilesByteForByte() throws Exception {
    byte[] content = new byte[300_000];
    new Random(7).nextBytes(content);
    HttpResponse<String> created =
        client.send(
            HttpRequest.newBuilder(uri("/files/upload.bin"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, created.statusCode());
    assertArrayEquals(content, Files.readAllBytes(dir.resolve("upload.bin")));
    HttpResponse<byte[]> got = get("/files/upload.bin");
    assertEquals(200, got.statusCode());
    assertEquals(
        "application/octet-stream", got.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(content, got.body());
    assertEquals(404, get("/files/non_existent_file").statusCode());
  }

  @Test
  void servesAFileWrittenOnDiskAtRequestTime() throws Exception {
    Files.writeString(dir.resolve("late.txt"), "Hello, World!");
    HttpResponse<byte[]> got = get("/files/late.txt");
    assertEquals("13", got.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("Hello, World!", new String(got.body(), StandardCharsets.US_ASCII));
  }

  @Test
  void gzipsWhenAcceptedAndNotOtherwise() throws Exception {
    HttpResponse<byte[]> r = get("/echo/abc", "Accept-Encoding", "invalid-1, gzip, invalid-2");
    assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElseThrow());
    assertEquals(
        String.valueOf(r.body().length), r.headers().firstValue("Content-Length").orElseThrow());
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      assertEquals("abc", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    HttpResponse<byte[]> plain = get("/echo/abc", "Accept-Encoding", "invalid-1, invalid-2");
    assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
    assertEquals("abc", new String(plain.body(), StandardCharsets.UTF_8));
  }

  @Test
  void keepsAConnectionOpenForManyRequestsThenClosesOnConnectionClose() throws IOException {
    try (Socket s = new Socket("localhost", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 50; i++) {
        out.write(
            ("GET /echo/n" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertTrue(readResponse(in).endsWith("\r\n\r\nn" + i));
      }
      out.write(
          "GET /echo/last HTTP/1.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      String last = readResponse(in);
      assertTrue(last.contains("Connection: close\r\n"), last);
      assertEquals(-1, in.read(), "the server closes after Connection: close");
    }
  }

  @Test
  void servesConnectionsIndependentlyInReverseOrder() throws IOException {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = new Socket("localhost", port);
        s.setSoTimeout(10_000);
        sockets.add(s);
      }
      for (int i = 2; i >= 0; i--) {
        Socket s = sockets.get(i);
        s.getOutputStream()
            .write(("GET /echo/c" + i + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertTrue(readResponse(s.getInputStream()).endsWith("c" + i));
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void aSilentClientDelaysNoOne() throws Exception {
    try (Socket silent = new Socket("localhost", port);
        Socket half = new Socket("localhost", port)) {
      half.getOutputStream().write("GET /echo/".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      assertEquals(200, get("/").statusCode());
      assertTrue(System.nanoTime() - start < 2_000_000_000L);
      assertTrue(silent.isConnected());
    }
  }

  @Test
  void survivesABurstOf1000Connections() throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        String text = "burst" + i;
        Callable<String> call =
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("localhost", port), 10_000);
                s.setSoTimeout(20_000);
                s.getOutputStream()
                    .write(
                        ("GET /echo/" + text + " HTTP/1.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
              }
            };
        results.add(pool.submit(call));
      }
      for (int i = 0; i < results.size(); i++) {
        String out = results.get(i).get();
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n") && out.endsWith("burst" + i), out);
      }
    }
  }

  @Test
  void sendsNoDateAndNoServerHeader() throws Exception {
    HttpResponse<byte[]> r = get("/echo/x");
    assertTrue(r.headers().firstValue("Date").isEmpty());
    assertTrue(r.headers().firstValue("Server").isEmpty());
  }

  @Test
  void missingDirectoryMeansFilesAre404() throws Exception {
    Main.Launched bare =
        Main.launch(
            new String[] {"--port", "0"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + bare.server().port() + "/files/x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(404, r.statusCode());
    } finally {
      bare.server().close();
    }
  }
}

package example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.transport.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application over real sockets, spoken to by the JDK's HttpClient and by curl. */
class NotesAppTest {
  @TempDir Path uploads;
  @TempDir Path work;
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private HttpServer server;
  private HttpClient client;

  @BeforeEach
  void start() throws IOException {
    server = new NotesApp(uploads, Duration.ofMillis(200)).start(0, log::add);
    client = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> send(String method, String path, String form) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    if (form != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(form));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String session() {
    return ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("session")).findFirst().orElseThrow().getValue();
  }

  @Test
  void signsInWithAFormAndKeepsTheSessionInACookie() throws Exception {
    HttpResponse<String> anonymous = send("GET", "/api/notes", null);
    assertEquals(401, anonymous.statusCode());
    assertEquals("application/problem+json", anonymous.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(anonymous.body().contains("\"detail\":\"sign in first\""), anonymous.body());

    assertEquals(401, send("POST", "/login", "user=ada&password=wrong").statusCode());
    HttpResponse<String> login = send("POST", "/login", "user=ada&password=lovelace");
    assertEquals(303, login.statusCode());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);

    HttpResponse<String> created = send("POST", "/api/notes", "text=hello+%22world%22");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("{\"id\":1,\"author\":\"ada\",\"text\":\"hello \\\"world\\\"\"}", created.body());
    assertEquals("/api/notes/1", created.headers().firstValue("Location").orElseThrow());
    assertEquals("[" + created.body() + "]", send("GET", "/api/notes?author=ada&limit=5", null).body());
    assertEquals(400, send("GET", "/api/notes?limit=many", null).statusCode());
    assertEquals(404, send("GET", "/api/notes/99", null).statusCode());
    assertEquals(400, send("GET", "/api/notes/x", null).statusCode());
    assertEquals(204, send("DELETE", "/api/notes/1", null).statusCode());
    assertEquals(204, send("POST", "/logout", null).statusCode());
    assertEquals(401, send("GET", "/api/notes", null).statusCode(), "the cookie is gone");
  }

  @Test
  void uploadsAFileWithCurlDashF() throws Exception {
    send("POST", "/login", "user=alan&password=turing");
    byte[] content = new byte[3_000_000];
    new Random(7).nextBytes(content);
    Path file = Files.write(work.resolve("photo.bin"), content);
    Process curl = new ProcessBuilder("curl", "-sS", "-b", "session=" + session(),
        "-F", "caption=a photo", "-F", "photo=@" + file + ";type=application/octet-stream",
        uri("/api/upload").toString()).redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
    assertTrue(out.contains("\"field\":\"photo\",\"filename\":\"photo.bin\""), out);
    assertTrue(out.contains("\"bytes\":3000000"), out);
    try (Stream<Path> stored = Files.list(uploads)) {
      Path upload = stored.findFirst().orElseThrow();
      assertEquals(-1, Files.mismatch(file, upload), "stored byte for byte");
    }
  }

  /** Each event arrives as it is sent: its arrival time comes before the next note is created. */
  @Test
  void streamsEventsAsTheyHappen() throws Exception {
    send("POST", "/login", "user=ada&password=lovelace");
    HttpRequest subscribe = HttpRequest.newBuilder(uri("/api/events")).header("Accept", "text/event-stream").build();
    HttpResponse<Stream<String>> stream = client.send(subscribe, HttpResponse.BodyHandlers.ofLines());
    assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElseThrow());
    List<long[]> arrivals = Collections.synchronizedList(new ArrayList<>()); // {note id, nanos}
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> stream.body()
        .takeWhile(line -> arrivals.size() < 3)
        .forEach(line -> {
          if (line.startsWith("id: ")) {
            arrivals.add(new long[] {Long.parseLong(line.substring(4)), System.nanoTime()});
          }
        }));
    List<Long> posted = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      posted.add(System.nanoTime());
      assertEquals(201, send("POST", "/api/notes", "text=event+" + i).statusCode());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (arrivals.size() < i && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(i, arrivals.size(), "event " + i + " arrived before the next note was created");
    }
    reader.get(5, TimeUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      assertEquals(i + 1, arrivals.get(i)[0]);
      long ms = TimeUnit.NANOSECONDS.toMillis(arrivals.get(i)[1] - posted.get(i));
      System.out.println("event " + (i + 1) + " arrived " + ms + " ms after its note was posted");
    }
  }

  /** curl --compressed -N: the stream is gzip-coded, and each event still arrives at once. */
  @Test
  void streamsEventsThroughGzip() throws Exception {
    send("POST", "/login", "user=ada&password=lovelace");
    Process curl = new ProcessBuilder("curl", "-sS", "-N", "--compressed", "-D", "-", "-b", "session=" + session(),
        uri("/api/events").toString()).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> head = new ArrayList<>();
      for (String line; !(line = out.readLine()).isEmpty(); ) {
        head.add(line);
      }
      assertTrue(head.contains("Content-Encoding: gzip"), head.toString());
      assertEquals("retry: 2000", out.readLine());
      assertEquals("", out.readLine());
      assertEquals(": heartbeat", out.readLine(), "a heartbeat every 200 ms");
      assertEquals("", out.readLine());
      long posted = System.nanoTime();
      assertEquals(201, send("POST", "/api/notes", "text=through+gzip").statusCode());
      String line;
      while ((line = out.readLine()).startsWith(":") || line.isEmpty()) {
        // heartbeats between
      }
      assertEquals("id: 1", line);
      assertEquals("event: note", out.readLine());
      assertEquals("data: {\"id\":1,\"author\":\"ada\",\"text\":\"through gzip\"}", out.readLine());
      System.out.println("through gzip, the event arrived "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted) + " ms after its note was posted");
    } finally {
      curl.destroy();
      curl.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** A large file part goes to disk with the server's heap capped far below its size. */
  @Test
  void uploadsAFileLargerThanTheHeap() throws Exception {
    long size = Long.getLong("upload.bytes", 256L << 20);
    Path big = work.resolve("big.bin");
    byte[] block = new byte[1 << 20];
    new Random(9).nextBytes(block);
    try (var out = Files.newOutputStream(big)) {
      for (long written = 0; written < size; written += block.length) {
        out.write(block);
      }
    }
    Path dir = Files.createDirectories(work.resolve("server-uploads"));
    Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx32m", "-cp", System.getProperty("java.class.path"), "example.app.NotesAppTest$Main", dir.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
      int port = Integer.parseInt(out.readLine().strip());
      Process login = new ProcessBuilder("curl", "-sS", "-c", work.resolve("jar").toString(), "-d", "user=ada&password=lovelace",
          "http://127.0.0.1:" + port + "/login").start();
      assertTrue(login.waitFor(10, TimeUnit.SECONDS));
      long t0 = System.nanoTime();
      Process curl = new ProcessBuilder("curl", "-sS", "-b", work.resolve("jar").toString(), "-F", "file=@" + big,
          "http://127.0.0.1:" + port + "/api/upload").redirectErrorStream(true).start();
      String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(curl.waitFor(120, TimeUnit.SECONDS));
      System.out.println((size >> 20) + " MiB multipart upload with a 32 MiB heap: "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
      assertTrue(answer.contains("\"bytes\":" + size), answer);
      try (Stream<Path> stored = Files.list(dir)) {
        assertEquals(-1, Files.mismatch(big, stored.findFirst().orElseThrow()));
      }
    } finally {
      app.destroy();
      app.waitFor(10, TimeUnit.SECONDS);
      app.destroyForcibly();
    }
  }

  /** The application in a process of its own, for the heap-capped upload. */
  public static final class Main {
    public static void main(String[] args) throws IOException {
      HttpServer s = new NotesApp(Path.of(args[0]), Duration.ofSeconds(15)).start(0, line -> { });
      System.out.println(s.port());
    }
  }
}

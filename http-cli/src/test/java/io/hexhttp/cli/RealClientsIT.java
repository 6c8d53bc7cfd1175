package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hexhttp spoken to by clients nobody here wrote: curl, and nginx as a reverse proxy. */
class RealClientsIT {
  @TempDir static Path dir;
  @TempDir static Path work;
  static Main.Launched app;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.launch(dir);
    port = app.server().port();
  }

  @AfterAll
  static void stop() {
    app.server().close();
  }

  record Run(int exit, String out, String err) {}

  private static Run run(String... command) throws Exception {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.ISO_8859_1),
        Files.readString(err, StandardCharsets.ISO_8859_1));
  }

  private static String url(int p, String path) {
    return "http://127.0.0.1:" + p + path;
  }

  @Test
  void curlDecompressesGzip() throws Exception {
    Run r = run("curl", "-sS", "--compressed", "-D", "-", url(port, "/echo/hello-gzip"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Content-Encoding: gzip"), r.out());
    assertTrue(r.out().endsWith("\r\n\r\nhello-gzip"), r.out());
  }

  @Test
  void curlReusesTheConnectionAcrossNext() throws Exception {
    long before = app.server().acceptedConnections();
    Run r =
        run(
            "curl",
            "-sS",
            "-v",
            "--http1.1",
            url(port, "/echo/one"),
            "--next",
            url(port, "/echo/two"),
            "--next",
            url(port, "/user-agent"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("onetwocurl/"), r.out());
    assertTrue(
        r.err().contains("using existing connection") || r.err().contains("Reusing"), r.err());
    assertEquals(1, app.server().acceptedConnections() - before, "three requests, one connection");
  }

  @Test
  void curlUploadsWithExpectContinue() throws Exception {
    byte[] content = new byte[3_000_000];
    new Random(3).nextBytes(content);
    Path file = Files.write(work.resolve("upload.bin"), content);
    Run r =
        run(
            "curl",
            "-sS",
            "-v",
            "-H",
            "Expect: 100-continue",
            "--data-binary",
            "@" + file,
            "-H",
            "Content-Type: application/octet-stream",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            url(port, "/files/curl.bin"));
    assertEquals(0, r.exit(), r.err());
    assertEquals("201", r.out());
    assertTrue(r.err().contains("HTTP/1.1 100 Continue"), r.err());
    assertArrayEquals(content, Files.readAllBytes(dir.resolve("curl.bin")));
    Run back =
        run("curl", "-sS", "-o", work.resolve("back.bin").toString(), url(port, "/files/curl.bin"));
    assertEquals(0, back.exit(), back.err());
    assertArrayEquals(content, Files.readAllBytes(work.resolve("back.bin")));
  }

  /** curl's -r, -z, --etag-save/--etag-compare, -I and --compressed against /files/. */
  @Test
  void curlRangesConditionalsAndEntityTags() throws Exception {
    byte[] content = new byte[100_000];
    new Random(11).nextBytes(content);
    Path file = Files.write(dir.resolve("ranged.bin"), content);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
    String u = url(port, "/files/ranged.bin");

    Path part = work.resolve("part.bin");
    Run r =
        run(
            "curl",
            "-sS",
            "-r",
            "100-199",
            "-o",
            part.toString(),
            "-D",
            "-",
            "-w",
            "%{http_code}",
            u);
    assertTrue(r.out().startsWith("HTTP/1.1 206 Partial Content\r\n"), r.out());
    assertTrue(r.out().contains("Content-Range: bytes 100-199/100000\r\n"), r.out());
    assertArrayEquals(Arrays.copyOfRange(content, 100, 200), Files.readAllBytes(part));

    Run multi = run("curl", "-sS", "-r", "0-9,50-59", "-o", "/dev/null", "-D", "-", u);
    assertTrue(multi.out().contains("Content-Type: multipart/byteranges; boundary="), multi.out());
    Run unsatisfiable = run("curl", "-sS", "-r", "200000-", "-o", "/dev/null", "-D", "-", u);
    assertTrue(unsatisfiable.out().startsWith("HTTP/1.1 416 "), unsatisfiable.out());
    assertTrue(
        unsatisfiable.out().contains("Content-Range: bytes */100000\r\n"), unsatisfiable.out());

    // -z DATE: If-Modified-Since; the file was last modified on 14 Nov 2023 22:13:20 GMT
    Run fresh =
        run(
            "curl",
            "-sS",
            "-z",
            "Wed, 15 Nov 2023 00:00:00 GMT",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            u);
    assertEquals("304", fresh.out());
    Run stale =
        run(
            "curl",
            "-sS",
            "-z",
            "Mon, 13 Nov 2023 00:00:00 GMT",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{size_download}",
            u);
    assertEquals("200 100000", stale.out());

    Path etags = work.resolve("etags.txt");
    Run saved =
        run(
            "curl",
            "-sS",
            "--etag-save",
            etags.toString(),
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            u);
    assertEquals("200", saved.out());
    Run compared =
        run(
            "curl",
            "-sS",
            "--etag-compare",
            etags.toString(),
            "-o",
            "/dev/null",
            "-D",
            "-",
            "-w",
            "%{http_code}",
            u);
    assertTrue(compared.out().endsWith("304"), compared.out());
    assertTrue(
        compared.out().contains("Content-Length: 100000\r\n"),
        "a 304 carries the 200's length: " + compared.out());

    Run head = run("curl", "-sS", "-I", u);
    assertTrue(head.out().contains("Content-Length: 100000\r\n"), head.out());
    assertTrue(head.out().contains("Accept-Ranges: bytes\r\n"), head.out());
    assertTrue(head.out().contains("ETag: \""), head.out());
    assertTrue(head.out().contains("Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT\r\n"), head.out());

    Path whole = work.resolve("whole.bin");
    Run compressed = run("curl", "-sS", "--compressed", "-o", whole.toString(), "-D", "-", u);
    assertTrue(
        !compressed.out().contains("Content-Encoding"),
        "octets are not gzip-coded: " + compressed.out());
    assertArrayEquals(content, Files.readAllBytes(whole));

    Path upload = Files.writeString(work.resolve("upload.txt"), "second version");
    Run createOnly =
        run(
            "curl",
            "-sS",
            "-H",
            "If-None-Match: *",
            "--data-binary",
            "@" + upload,
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            u);
    assertEquals("412", createOnly.out(), "If-None-Match: * creates only");
    assertArrayEquals(content, Files.readAllBytes(file));
    Run created =
        run(
            "curl",
            "-sS",
            "-H",
            "If-None-Match: *",
            "--data-binary",
            "@" + upload,
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            url(port, "/files/created-once.txt"));
    assertEquals("201", created.out());
  }

  @Test
  void servesBehindNginxWithUpstreamKeepAlive() throws Exception {
    int nginxPort;
    try (ServerSocket free = new ServerSocket(0)) {
      nginxPort = free.getLocalPort();
    }
    Path prefix = Files.createDirectories(work.resolve("nginx"));
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(
        conf,
        """
        daemon off;
        user root;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 256; }
        http {
          access_log off;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          upstream hexhttp {
            server 127.0.0.1:%2$d;
            keepalive 8;
          }
          server {
            listen 127.0.0.1:%3$d;
            client_max_body_size 64m;
            location / {
              proxy_pass http://hexhttp;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
            }
          }
        }
        """
            .formatted(prefix, port, nginxPort));
    String nginx = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    Process proxy =
        new ProcessBuilder(nginx, "-p", prefix.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("stdout.log").toFile())
            .start();
    try {
      awaitPort(nginxPort);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long before = app.server().acceptedConnections();
      for (int i = 0; i < 40; i++) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(url(nginxPort, "/echo/via-nginx-" + i)))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("via-nginx-" + i, r.body());
      }
      long upstream = app.server().acceptedConnections() - before;
      assertTrue(
          upstream <= 2, "40 requests through nginx took " + upstream + " upstream connections");

      byte[] content = new byte[1_000_000];
      new Random(5).nextBytes(content);
      HttpResponse<String> created =
          client.send(
              HttpRequest.newBuilder(URI.create(url(nginxPort, "/files/proxied.bin")))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode());
      HttpResponse<byte[]> back =
          client.send(
              HttpRequest.newBuilder(URI.create(url(nginxPort, "/files/proxied.bin"))).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertArrayEquals(content, back.body());
      Run gz = run("curl", "-sS", "--compressed", url(nginxPort, "/echo/gzip-through-nginx"));
      assertEquals("gzip-through-nginx", gz.out());
    } finally {
      proxy.destroy();
      proxy.waitFor(10, TimeUnit.SECONDS);
      proxy.destroyForcibly();
    }
  }

  private static void awaitPort(int p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    CountDownLatch pause = new CountDownLatch(1);
    List<String> errors = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", p)) {
        return;
      } catch (IOException e) {
        errors.add(e.getMessage());
        pause.await(20, TimeUnit.MILLISECONDS);
      }
    }
    throw new AssertionError("nginx did not listen on " + p + ": " + errors.get(errors.size() - 1));
  }
}

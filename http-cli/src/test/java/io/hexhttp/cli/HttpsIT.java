package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program with HTTPS beside HTTP ({@code --https-port}, PEM files made here by openssl), spoken
 * to by the JDK's HttpClient with a trust store of that certificate, on both transports.
 */
class HttpsIT {
  @TempDir static Path keys;
  @TempDir Path files;

  @BeforeAll
  static void makeCertificate() throws Exception {
    TestCertificates.make(keys);
  }

  private Main.Launched launch(String transport) throws Exception {
    return Main.launch(
        new String[] {
          "--port",
          "0",
          "--https-port",
          "0",
          "--directory",
          files.toString(),
          "--tls-cert",
          keys.resolve("cert.pem").toString(),
          "--tls-key",
          keys.resolve("key.pem").toString(),
          "--redirect-https",
          "--health",
          "/health",
          "--transport",
          transport
        },
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private static HttpClient client() throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry(
        "server",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(Files.newInputStream(keys.resolve("cert.pem"))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(ctx)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void servesTheProductOverHttpsOnBothTransports() throws Exception {
    for (String transport : List.of("event-loop", "virtual-threads")) {
      Main.Launched app = launch(transport);
      try {
        HttpClient client = client();
        String base = "https://localhost:" + app.https().port();
        HttpResponse<byte[]> echo =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/echo/abc"))
                    .header("Accept-Encoding", "gzip")
                    .build(),
                BodyHandlers.ofByteArray());
        assertEquals(200, echo.statusCode(), transport);
        assertEquals("gzip", echo.headers().firstValue("Content-Encoding").orElse(""));
        assertEquals(
            "abc",
            new String(
                new GZIPInputStream(new ByteArrayInputStream(echo.body())).readAllBytes(),
                StandardCharsets.UTF_8));
        byte[] content = new byte[3 << 20];
        new Random(3).nextBytes(content);
        HttpResponse<String> created =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/files/up"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                    .build(),
                BodyHandlers.ofString());
        assertEquals(201, created.statusCode());
        HttpResponse<byte[]> down =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/files/up")).build(),
                BodyHandlers.ofByteArray());
        assertArrayEquals(content, down.body(), transport + ": 3 MiB up and down over TLS");
        // plain HTTP is sent to HTTPS, except the health check
        HttpClient plain = HttpClient.newHttpClient();
        HttpResponse<String> moved =
            plain.send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + app.server().port() + "/echo/x?y=1"))
                    .build(),
                BodyHandlers.ofString());
        assertEquals(308, moved.statusCode());
        assertEquals(base + "/echo/x?y=1", moved.headers().firstValue("Location").orElse(""));
        assertEquals(
            200,
            plain
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://localhost:" + app.server().port() + "/health"))
                        .build(),
                    BodyHandlers.ofString())
                .statusCode());
      } finally {
        app.close();
      }
    }
  }

  /** 1 GiB up (stored, synced) and down over HTTPS, byte for byte, on both transports. */
  @Test
  void movesAGibibyteEachWayOverHttps(@TempDir Path work) throws Exception {
    Path source = work.resolve("source");
    byte[] block = new byte[1 << 20];
    new Random(5).nextBytes(block);
    try (var out = Files.newOutputStream(source)) {
      for (int i = 0; i < 1024; i++) {
        block[0] = (byte) i; // every MiB differs from the others
        block[1] = (byte) (i >> 8);
        out.write(block);
      }
    }
    for (String transport : List.of("event-loop", "virtual-threads")) {
      Main.Launched app = launch(transport);
      try {
        HttpClient client = client();
        String base = "https://localhost:" + app.https().port();
        long start = System.nanoTime();
        HttpResponse<String> created =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/files/big"))
                    .POST(HttpRequest.BodyPublishers.ofFile(source))
                    .build(),
                BodyHandlers.ofString());
        long up = System.nanoTime();
        assertEquals(201, created.statusCode(), transport);
        HttpResponse<InputStream> down =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/files/big")).build(),
                BodyHandlers.ofInputStream());
        assertEquals(200, down.statusCode());
        try (InputStream got = down.body();
            InputStream expected = Files.newInputStream(source)) {
          assertSameBytes(expected, got, transport); // streamed: no third GiB on the disk
        }
        long end = System.nanoTime();
        assertEquals(-1, Files.mismatch(source, files.resolve("big")), "the stored file differs");
        System.out.printf(
            "1 GiB over HTTPS, %s: up %.1f s, down %.1f s%n",
            transport, (up - start) / 1e9, (end - up) / 1e9);
        Files.delete(files.resolve("big"));
      } finally {
        app.close();
      }
    }
  }

  private static void assertSameBytes(InputStream expected, InputStream got, String what)
      throws IOException {
    byte[] a = new byte[1 << 16];
    byte[] b = new byte[1 << 16];
    long at = 0;
    while (true) {
      int n = expected.readNBytes(a, 0, a.length);
      int m = got.readNBytes(b, 0, n == 0 ? 1 : n);
      assertEquals(n, m, what + ": lengths differ at " + at);
      if (n == 0) {
        return;
      }
      assertTrue(Arrays.equals(a, 0, n, b, 0, n), what + ": bytes differ after " + at);
      at += n;
    }
  }

  @Test
  void refusesAKeyThatIsNotPkcs8InOneLine() throws Exception {
    Path rsa = keys.resolve("rsa-key.pem");
    Files.writeString(
        rsa, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    Main.StartException e =
        assertThrows(
            Main.StartException.class,
            () ->
                Main.launch(
                    new String[] {
                      "--port",
                      "0",
                      "--https-port",
                      "0",
                      "--tls-cert",
                      keys.resolve("cert.pem").toString(),
                      "--tls-key",
                      rsa.toString()
                    },
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertTrue(
        e.getMessage().startsWith("TLS: ") && e.getMessage().contains("PKCS#8"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void asksForTheOtherTlsOptionsItNeeds() {
    for (String[] args :
        List.of(
            new String[] {"--https-port", "8443"},
            new String[] {"--https-port", "8443", "--tls-cert", "c.pem"},
            new String[] {"--tls-cert", "c.pem", "--tls-key", "k.pem"})) {
      assertThrows(
          Arguments.UsageException.class, () -> Arguments.parse(args), String.join(" ", args));
    }
  }
}

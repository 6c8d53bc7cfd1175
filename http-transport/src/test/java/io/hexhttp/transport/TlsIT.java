package io.hexhttp.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.TlsInfo;
import io.hexhttp.core.routing.Router;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTPS on both transports, with certificates made here by openssl (none committed), spoken to by
 * the JDK's HttpClient, curl and openssl s_client.
 */
@ParameterizedClass
@MethodSource("io.hexhttp.transport.Transport#available")
class TlsIT {
  @Parameter Transport transport;

  @TempDir static Path keys;
  private HttpServer server;

  private final HttpHandler app =
      Router.builder()
          .get("/", r -> HttpResponse.text(r.scheme()))
          .get("/echo/{s}", r -> HttpResponse.text(r.pathParam("s")))
          .get(
              "/sni",
              r -> HttpResponse.text(String.valueOf(r.tls().map(TlsInfo::serverName).orElse(null))))
          .get(
              "/who",
              r ->
                  HttpResponse.text(
                      r.tls()
                          .flatMap(TlsInfo::clientCertificate)
                          .map(c -> c.getSubjectX500Principal().getName())
                          .orElse("nobody")))
          .post("/upload", r -> HttpResponse.ok().withBody(Body.of(r.body().bytes())))
          .build();

  static void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(keys.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
  }

  /** A self-signed certificate (and its PKCS#8 key) for {@code names}. */
  static void certificate(String base, String cn, String names) throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-keyout",
        base + "-key.pem",
        "-out",
        base + ".pem",
        "-subj",
        "/CN=" + cn,
        "-addext",
        "subjectAltName=" + names);
  }

  @BeforeAll
  static void makeKeys() throws Exception {
    certificate("server", "localhost", "DNS:localhost,IP:127.0.0.1");
    certificate("other", "other.test", "DNS:other.test");
    certificate("client", "client-one", "DNS:client-one");
  }

  private void start(TlsConfig tls) throws IOException {
    server =
        HttpServer.start(
            app,
            ServerConfig.builder()
                .port(0)
                .transport(transport)
                .bindAddress(InetAddress.getLoopbackAddress())
                .sendDate(false)
                .tls(tls)
                .build());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static SSLContext trusting(String... pems) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    int i = 0;
    for (String pem : pems) {
      ts.setCertificateEntry(
          "c" + i++, cf.generateCertificate(Files.newInputStream(keys.resolve(pem))));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void servesKeepAliveAndLargeBodiesOverTls() throws Exception {
    start(TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem")));
    try (SSLSocket s = open()) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 20; i++) {
        out.write(("GET /echo/x" + i + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String expected =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + ("x" + i).length();
        String got = new String(in.readNBytes(expected.length()), StandardCharsets.US_ASCII);
        assertEquals(expected, got);
        skipHead(in);
        assertEquals(
            "x" + i, new String(in.readNBytes(("x" + i).length()), StandardCharsets.US_ASCII));
      }
      byte[] big = new byte[8 << 20];
      new Random(7).nextBytes(big);
      out.write(
          ("POST /upload HTTP/1.1\r\nContent-Length: " + big.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(big);
      out.flush();
      skipHead(in);
      assertArrayEquals(big, in.readNBytes(big.length), "8 MiB up and back, byte for byte");
    }
  }

  /** Handshakes done on the loop or off it, many at once, each on a new connection, all served. */
  @ParameterizedTest
  @EnumSource(TlsConfig.HandshakeTasks.class)
  void servesConcurrentHandshakesWhereverTheirTasksRun(TlsConfig.HandshakeTasks where)
      throws Exception {
    TlsConfig tls =
        TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem"))
            .handshakeTasks(where);
    assertEquals(
        where == TlsConfig.HandshakeTasks.OFF_LOOP
            || (where == TlsConfig.HandshakeTasks.AUTO
                && Runtime.getRuntime().availableProcessors() > 1),
        tls.handshakeTasksOffLoop());
    start(tls);
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        int k = i;
        answers.add(
            clients.submit(
                () -> {
                  try (SSLSocket s = open()) {
                    s.getOutputStream()
                        .write(
                            ("GET /echo/c" + k + " HTTP/1.1\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                    String all =
                        new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    return all.substring(all.indexOf("\r\n\r\n") + 4);
                  }
                }));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertEquals("c" + i, answers.get(i).get(30, TimeUnit.SECONDS));
      }
    }
  }

  /**
   * Where the handshake's work ran: the key manager is asked for the certificate inside the
   * delegated task (TLS 1.3's ClientHello consumer), on the thread the driver chose for it.
   */
  @ParameterizedTest
  @EnumSource(
      value = TlsConfig.HandshakeTasks.class,
      names = {"ON_LOOP", "OFF_LOOP"})
  void runsTheHandshakesTasksWhereConfigured(TlsConfig.HandshakeTasks where) throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "server",
        TlsConfig.privateKey(keys.resolve("server-key.pem")),
        new char[0],
        TlsConfig.certificates(keys.resolve("server.pem")).toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(ks, new char[0]);
    X509ExtendedKeyManager base = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
    X509ExtendedKeyManager watching =
        new X509ExtendedKeyManager() {
          @Override
          public String chooseEngineServerAlias(String type, Principal[] issuers, SSLEngine e) {
            threads.add(Thread.currentThread().getName());
            return base.chooseEngineServerAlias(type, issuers, e);
          }

          @Override
          public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
            threads.add(Thread.currentThread().getName());
            return base.chooseServerAlias(type, issuers, socket);
          }

          @Override
          public String[] getServerAliases(String type, Principal[] issuers) {
            return base.getServerAliases(type, issuers);
          }

          @Override
          public X509Certificate[] getCertificateChain(String alias) {
            return base.getCertificateChain(alias);
          }

          @Override
          public PrivateKey getPrivateKey(String alias) {
            return base.getPrivateKey(alias);
          }

          @Override
          public String[] getClientAliases(String type, Principal[] issuers) {
            return null;
          }

          @Override
          public String chooseClientAlias(String[] type, Principal[] issuers, Socket socket) {
            return null;
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {watching}, null, null);
    start(TlsConfig.of(context).handshakeTasks(where));
    try (SSLSocket s = open()) {
      s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      skipHead(s.getInputStream());
    }
    assertTrue(!threads.isEmpty(), "the key manager was asked");
    String expected =
        transport == Transport.VIRTUAL_THREADS
            ? "hexhttp-connection" // the connection's own thread, whatever the setting
            : where == TlsConfig.HandshakeTasks.ON_LOOP ? "hexhttp-loop-" : "hexhttp-tls-task";
    for (String thread : threads) {
      assertTrue(thread.startsWith(expected), thread + " is not " + expected);
    }
  }

  /** Reads up to and including the blank line that ends a head. */
  private static void skipHead(InputStream in) throws IOException {
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed within a head");
      }
      state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
    }
  }

  @Test
  void refusesAClientThatDoesNotTrustItsCertificateAndServesOthers() throws Exception {
    start(TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem")));
    try (SSLSocket s =
        (SSLSocket)
            trusting("other.pem").getSocketFactory().createSocket("localhost", server.port())) {
      s.setSoTimeout(10_000);
      assertThrows(SSLHandshakeException.class, s::startHandshake);
    }
    assertEquals(
        "https", curl("--cacert", "server.pem", "https://localhost:" + server.port() + "/"));
  }

  @Test
  void pipelinesAndClosesOverTls() throws Exception {
    start(TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem")));
    try (SSLSocket s =
        (SSLSocket)
            trusting("server.pem").getSocketFactory().createSocket("localhost", server.port())) {
      s.setSoTimeout(10_000);
      SSLParameters alpn = s.getSSLParameters();
      alpn.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      s.setSSLParameters(alpn);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /echo/a HTTP/1.1\r\n\r\nGET /echo/b HTTP/1.1\r\n\r\n"
                  + "GET /echo/c HTTP/1.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(all.indexOf("\r\n\r\na") < all.indexOf("\r\n\r\nb"), all);
      assertTrue(all.endsWith("Connection: close\r\n\r\nc"), all);
      assertEquals("http/1.1", s.getApplicationProtocol(), "ALPN");
    }
  }

  @Test
  void closesAClientThatDoesNotFinishItsHandshakeInTime() throws Exception {
    start(
        TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem"))
            .handshakeTimeout(Duration.ofMillis(500)));
    try (Socket s = new Socket("localhost", server.port())) {
      s.setSoTimeout(10_000);
      long start = System.nanoTime();
      s.getOutputStream().write(0x16); // the first byte of a handshake record, and no more
      s.getOutputStream().flush();
      assertEquals(-1, s.getInputStream().read(), "closed");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 400 && millis < 5_000, "closed after " + millis + " ms");
    }
  }

  @Test
  void neverHandsATruncatedRequestToAHandler() throws Exception {
    AtomicInteger uploads = new AtomicInteger();
    server =
        HttpServer.start(
            Router.builder()
                .post(
                    "/upload",
                    r -> {
                      byte[] all = r.body().bytes(); // fails: the stream ends early
                      uploads.incrementAndGet();
                      return HttpResponse.text(String.valueOf(all.length));
                    })
                .build(),
            ServerConfig.builder()
                .port(0)
                .transport(transport)
                .bindAddress(InetAddress.getLoopbackAddress())
                .tls(TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem")))
                .build());
    SSLSocket s = open();
    s.getOutputStream()
        .write(
            "POST /upload HTTP/1.1\r\nContent-Length: 1000\r\n\r\nonly part"
                .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    s.getSession(); // handshake done; now cut TCP without close_notify
    s.setSoLinger(true, 0);
    s.close();
    assertEquals("1", curlOk("/upload-missing"), "the server goes on serving");
    assertEquals(0, uploads.get(), "no handler saw a partial body as complete");
  }

  /** A fresh connection still works (a request to a missing route counts as an answer). */
  private String curlOk(String path) throws Exception {
    String out =
        curl(
            "--cacert",
            "server.pem",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "https://localhost:" + server.port() + path);
    return out.equals("404") ? "1" : out;
  }

  @Test
  void answersPlainHttpOnTheTlsPortWith400() throws Exception {
    start(TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem")));
    try (Socket s = new Socket("localhost", server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
      assertTrue(answer.endsWith("plain HTTP sent to an HTTPS port\n"), answer);
    }
  }

  @Test
  void choosesTheCertificateByServerNameForCurl() throws Exception {
    start(
        TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem"))
            .withCertificate(
                "other.test", keys.resolve("other.pem"), keys.resolve("other-key.pem")));
    int port = server.port();
    assertEquals("localhost", curl("--cacert", "server.pem", "https://localhost:" + port + "/sni"));
    assertEquals(
        "other.test",
        curl(
            "--cacert",
            "other.pem",
            "--resolve",
            "other.test:" + port + ":127.0.0.1",
            "https://other.test:" + port + "/sni"));
  }

  private static String curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--http1.1", "--max-time", "10"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(keys.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    return out;
  }

  private static String sClient(int port, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(keys.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close(); // no input: handshake, print, leave
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(20, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void speaksTls13And12OnlyAndOffersHttp11ByAlpn() throws Exception {
    start(TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem")));
    int port = server.port();
    assertTrue(sClient(port, "-tls1_3", "-alpn", "http/1.1").contains("ALPN protocol: http/1.1"));
    assertTrue(
        sClient(port, "-tls1_3").contains("Protocol  : TLSv1.3")
            || sClient(port, "-tls1_3").contains("TLSv1.3"));
    assertTrue(sClient(port, "-tls1_2").contains("TLSv1.2"));
    String old = sClient(port, "-tls1_1");
    assertTrue(!old.contains("Cipher is ") || old.contains("Cipher is (NONE)"), old);
  }

  @Test
  void offersOnlyAeadSuites() throws Exception {
    start(TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem")));
    int port = server.port();
    // the server's order decides: AES-128-GCM first (OpenSSL offers AES-256 first)
    assertTrue(sClient(port).contains("Cipher is TLS_AES_128_GCM_SHA256"), "TLS 1.3's choice");
    assertTrue(
        sClient(port, "-tls1_2").contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256"),
        "TLS 1.2's choice");
    for (String gcm : List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305")) {
      assertTrue(
          sClient(port, "-tls1_2", "-cipher", gcm).contains("Cipher is " + gcm),
          gcm + " is offered");
    }
    for (String cbc : List.of("ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA384")) {
      String out = sClient(port, "-tls1_2", "-cipher", cbc);
      assertTrue(!out.contains("Cipher is " + cbc), cbc + " is refused: " + out);
    }
  }

  @Test
  void refusesRenegotiation() throws Exception {
    start(TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem")));
    Process p =
        new ProcessBuilder(
                "openssl", "s_client", "-connect", "127.0.0.1:" + server.port(), "-tls1_2")
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    OutputStream in = p.getOutputStream();
    StringBuilder seen = new StringBuilder();
    // s_client prints the session once the handshake is done, then reads commands
    readUntil(out, "Verify return code", seen);
    in.write("R\n".getBytes(StandardCharsets.US_ASCII)); // s_client's command: renegotiate
    in.flush();
    readUntil(out, "RENEGOTIATING", seen);
    try {
      in.write("GET /echo/after HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      in.close();
    } catch (IOException gone) {
      // s_client ended already: the server closed the connection
    }
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
    }
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertTrue(!seen.toString().contains("\nafter"), "answered after renegotiating: " + seen);
  }

  private static void readUntil(BufferedReader out, String marker, StringBuilder seen)
      throws IOException {
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      if (line.contains(marker)) {
        return;
      }
    }
    throw new AssertionError("no \"" + marker + "\" in: " + seen);
  }

  @Test
  void rotatesItsCertificateWithoutARestart() throws Exception {
    Path chain = keys.resolve("rotating.pem");
    Path key = keys.resolve("rotating-key.pem");
    Files.copy(keys.resolve("server.pem"), chain, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(keys.resolve("server-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
    TlsConfig tls = TlsConfig.pem(chain, key);
    start(tls);
    X509Certificate before = peerCertificate();
    try (SSLSocket held = open()) { // a connection in progress keeps its certificate
      certificate("renewed", "localhost", "DNS:localhost,IP:127.0.0.1");
      Files.copy(keys.resolve("renewed-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(keys.resolve("renewed.pem"), chain, StandardCopyOption.REPLACE_EXISTING);
      tls.reload(); // what SIGHUP does; a changed file is also found within a second
      X509Certificate after = peerCertificateTrusting("renewed.pem");
      assertTrue(!before.getSerialNumber().equals(after.getSerialNumber()), "a new certificate");
      assertEquals(before, held.getSession().getPeerCertificates()[0]);
      held.getOutputStream()
          .write(
              "GET /echo/still HTTP/1.1\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      assertTrue(
          new String(held.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
              .endsWith("still"));
    }
  }

  private SSLSocket open() throws Exception {
    SSLSocket s =
        (SSLSocket)
            trusting("server.pem").getSocketFactory().createSocket("localhost", server.port());
    s.setSoTimeout(10_000);
    s.startHandshake();
    return s;
  }

  private X509Certificate peerCertificate() throws Exception {
    try (SSLSocket s = open()) {
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  private X509Certificate peerCertificateTrusting(String pem) throws Exception {
    try (SSLSocket s =
        (SSLSocket) trusting(pem).getSocketFactory().createSocket("localhost", server.port())) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  @Test
  void showsTheClientsVerifiedCertificateToHandlers() throws Exception {
    start(
        TlsConfig.pem(keys.resolve("server.pem"), keys.resolve("server-key.pem"))
            .clientAuth(TlsConfig.ClientAuth.WANT, keys.resolve("client.pem")));
    int port = server.port();
    assertEquals(
        "CN=client-one",
        curl(
            "--cacert",
            "server.pem",
            "--cert",
            "client.pem",
            "--key",
            "client-key.pem",
            "https://localhost:" + port + "/who"));
    assertEquals("nobody", curl("--cacert", "server.pem", "https://localhost:" + port + "/who"));
  }
}

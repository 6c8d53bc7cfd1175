package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program as a process: start-up line, SIGTERM with a request in flight, exit status 0. */
class ProgramIT {
  private static Process launch(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.hexhttp.cli.Main");
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static int awaitPort(BufferedReader out) throws IOException {
    Pattern listening = Pattern.compile("listening on http://localhost:(\\d+)/");
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = listening.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the program ended without listening");
  }

  @Test
  void sigtermLetsAnUploadInFlightFinishThenExitsZero(@TempDir Path dir) throws Exception {
    Process p = launch("--port", "0", "--directory", dir.toString());
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      int port = awaitPort(out);
      byte[] content = new byte[2_000_000];
      for (int i = 0; i < content.length; i++) {
        content[i] = (byte) i;
      }
      try (Socket s = new Socket("localhost", port)) {
        s.setSoTimeout(10_000);
        OutputStream o = s.getOutputStream();
        o.write(
            ("POST /files/inflight HTTP/1.1\r\nContent-Length: " + content.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        o.write(content, 0, content.length / 2);
        o.flush();
        p.destroy(); // SIGTERM
        o.write(content, content.length / 2, content.length - content.length / 2);
        o.flush();
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(answer.startsWith("HTTP/1.1 201 Created\r\n"), answer);
        assertTrue(answer.contains("Connection: close\r\n"), answer);
      }
      assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the program exits");
      assertEquals(0, p.exitValue());
      assertArrayEquals(content, Files.readAllBytes(dir.resolve("inflight")));
      try (var files = Files.list(dir)) {
        assertEquals(
            List.of("inflight"),
            files
                .map(f -> f.getFileName().toString())
                .filter(n -> !n.equals(".hexhttp-lock"))
                .toList(),
            "no temporary file is left behind");
      }
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * SIGTERM with nothing in flight: idle keep-alive connections and connections that never sent a
   * byte close at once, and the process exits well before the 10 s grace, on both transports.
   */
  @Test
  void sigtermWithOnlyIdleAndSilentConnectionsExitsAtOnce() throws Exception {
    for (String transport : List.of("event-loop", "virtual-threads")) {
      Process p = launch("--port", "0", "--transport", transport);
      List<Socket> sockets = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        int port = awaitPort(out);
        for (int i = 0; i < 3; i++) {
          Socket idle = new Socket("localhost", port);
          idle.setSoTimeout(10_000);
          idle.getOutputStream()
              .write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          String ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
          assertEquals(
              ok,
              new String(idle.getInputStream().readNBytes(ok.length()), StandardCharsets.US_ASCII));
          sockets.add(idle);
          sockets.add(new Socket("localhost", port)); // silent
        }
        long start = System.nanoTime();
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the program exits");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(
            "SIGTERM to exit with idle and silent connections, "
                + transport
                + ": "
                + millis
                + " ms");
        assertTrue(
            millis < 3_000, transport + ": exited after " + millis + " ms of its 10 s grace");
        assertEquals(0, p.exitValue());
        for (Socket s : sockets) {
          assertEquals(-1, s.getInputStream().read(), "closed by the server, not reset");
        }
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
        p.destroyForcibly();
      }
    }
  }

  @Test
  void reportsAPortInUseAndExitsNonZero() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Process p = launch("--port", String.valueOf(taken.getLocalPort()));
      assertTrue(p.waitFor(15, TimeUnit.SECONDS));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(1, p.exitValue());
      assertEquals(1, out.lines().count(), out);
      assertTrue(out.contains("already in use"), out);
    }
  }

  @Test
  void saysInOneLineWhyTheEpollTransportCannotRunAndExitsNonZero() throws Exception {
    // launched without the JVM options epoll needs (bin/hexhttp gives them on JDK 22+)
    Process p = launch("--port", "0", "--transport", "epoll");
    assertTrue(p.waitFor(15, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, p.exitValue(), out);
    assertEquals(1, out.lines().count(), out);
    assertTrue(
        out.contains(
            Runtime.version().feature() >= 22
                ? "--enable-native-access=ALL-UNNAMED"
                : "epoll needs JDK 22 or later"),
        out);
  }

  private static void signal(Process p, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start();
    assertEquals(0, kill.waitFor());
  }

  private static String get(int port, String path) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void sigtermTurnsHealthTo503ForTheDrainDelayThenExitsZero() throws Exception {
    Process p = launch("--port", "0", "--health", "/health", "--drain-delay", "3");
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      int port = awaitPort(out);
      assertTrue(get(port, "/health").startsWith("HTTP/1.1 200 OK\r\n"));
      long signalled = System.nanoTime();
      signal(p, "TERM"); // not destroy(), which also closes the streams read here
      String health = get(port, "/health");
      for (long end = signalled + 2_000_000_000L;
          health.startsWith("HTTP/1.1 200") && System.nanoTime() < end; ) {
        health = get(port, "/health"); // the signal may take a moment to arrive
      }
      assertTrue(health.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), health);
      assertTrue(get(port, "/").startsWith("HTTP/1.1 200 OK\r\n"), "still serving meanwhile");
      assertEquals("hexhttp stopped", out.readLine());
      assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the program exits");
      assertEquals(0, p.exitValue());
      assertTrue(System.nanoTime() - signalled >= 2_900_000_000L, "not before the delay");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void ctrlCStopsTheProgramWithStatusZero() throws Exception {
    Process p = launch("--port", "0");
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      int port = awaitPort(out);
      assertTrue(get(port, "/").startsWith("HTTP/1.1 200 OK\r\n"));
      signal(p, "INT");
      assertEquals("hexhttp stopped", out.readLine());
      assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the program exits");
      assertEquals(0, p.exitValue());
    } finally {
      p.destroyForcibly();
    }
  }

  /** The serial of the certificate a new handshake with {@code port} is shown. */
  private static BigInteger servedSerial(int port) throws Exception {
    TrustManager[] anyCertificate = {
      new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, anyCertificate, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  @Test
  void sighupReadsTheCertificatesAgainForNewHandshakes(@TempDir Path keys, @TempDir Path next)
      throws Exception {
    BigInteger first = TestCertificates.make(keys);
    BigInteger second = TestCertificates.make(next);
    Process p =
        launch(
            "--port",
            "0",
            "--https-port",
            "0",
            "--tls-cert",
            keys.resolve("cert.pem").toString(),
            "--tls-key",
            keys.resolve("key.pem").toString());
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      Matcher m = Pattern.compile("https://localhost:(\\d+)/").matcher(String.valueOf(line));
      assertTrue(m.find(), line);
      int port = Integer.parseInt(m.group(1));
      assertEquals(first, servedSerial(port));
      // the new pair replaces the old with the old files' times: the watcher sees no change
      for (String name : List.of("cert.pem", "key.pem")) {
        FileTime time = Files.getLastModifiedTime(keys.resolve(name));
        Files.copy(next.resolve(name), keys.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(keys.resolve(name), time);
      }
      for (long end = System.nanoTime() + 1_500_000_000L; System.nanoTime() < end; ) {
        assertEquals(first, servedSerial(port), "no reload without a change or a signal");
      }
      signal(p, "HUP");
      BigInteger served = servedSerial(port);
      for (long end = System.nanoTime() + 5_000_000_000L;
          !served.equals(second) && System.nanoTime() < end; ) {
        served = servedSerial(port); // the signal may take a moment to arrive
      }
      assertEquals(second, served, "new handshakes get the certificate read on SIGHUP");
      assertTrue(p.isAlive(), "SIGHUP does not stop the program");
    } finally {
      p.destroyForcibly();
    }
  }
}

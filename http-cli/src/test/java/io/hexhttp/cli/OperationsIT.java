package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.port.ServerObserver;
import io.hexhttp.core.routing.Router;
import io.hexhttp.handlers.Health;
import io.hexhttp.handlers.Metrics;
import io.hexhttp.transport.HttpServer;
import io.hexhttp.transport.ServerConfig;
import io.hexhttp.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Health and metrics over real sockets, on both transports: traffic whose counts are known, then
 * the metrics page fetched with curl and read by the Prometheus reference parser.
 */
class OperationsIT {
  private final Metrics metrics = new Metrics();
  private final Health health = new Health();
  private final HttpHandler app =
      Router.builder()
          .get("/ok", r -> HttpResponse.text("ok"))
          .get(
              "/boom",
              r -> {
                throw new IllegalStateException("boom");
              })
          .get("/health", health.handler())
          .get("/metrics", metrics.handler())
          .build();
  private long sentByClients;
  private long receivedByClients;

  private HttpServer start(ServerConfig.Builder config) throws IOException {
    return HttpServer.start(app, config.port(0).build(), ServerObserver.all(health, metrics));
  }

  /** One request on its own connection; returns the whole answer, read until the server closes. */
  private String exchange(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
      s.getOutputStream().write(bytes);
      sentByClients += bytes.length;
      byte[] answer = s.getInputStream().readAllBytes();
      receivedByClients += answer.length;
      return new String(answer, StandardCharsets.ISO_8859_1);
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      LockSupport.parkNanos(
          TimeUnit.MILLISECONDS.toNanos(10)); // a bounded poll: no event to wait on
    }
  }

  private boolean rendered(String sample) {
    return metrics.render().lines().anyMatch(sample::equals);
  }

  /** curl fetches the page; Debian's prometheus_client parses it; name{labels} → value. */
  private static Map<String, Double> scrape(int port) throws Exception {
    Path parser = Path.of(OperationsIT.class.getResource("/prometheus-parse.py").toURI());
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "set -o pipefail; curl -sf http://127.0.0.1:"
                    + port
                    + "/metrics | /usr/bin/python3 "
                    + parser)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    Map<String, Double> samples = new HashMap<>();
    for (String line : out.split("\n")) {
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }

  @ParameterizedTest
  @MethodSource("io.hexhttp.transport.Transport#available")
  void countsKnownTrafficAndThePrometheusParserReadsIt(Transport transport) throws Exception {
    try (HttpServer server =
        start(ServerConfig.builder().transport(transport).idleTimeout(Duration.ofMillis(300)))) {
      int port = server.port();
      for (int i = 0; i < 3; i++) {
        assertTrue(
            exchange(port, "GET /ok HTTP/1.1\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 200 "));
      }
      assertTrue(
          exchange(port, "POST /ok HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
              .startsWith("HTTP/1.1 405 "));
      assertTrue(
          exchange(port, "GET /boom HTTP/1.1\r\nConnection: close\r\n\r\n")
              .startsWith("HTTP/1.1 500 "));
      assertTrue(
          exchange(port, "GET /ok HTTP/1.1\r\nBad Header\r\n\r\n").startsWith("HTTP/1.1 400 "));
      assertEquals("", exchange(port, ""), "a silent connection is closed when idle too long");
      await(() -> rendered("hexhttp_connections_open 0"), "every connection is closed");

      Map<String, Double> m = scrape(port);
      assertEquals(
          3.0, m.get("hexhttp_requests_total{method=\"GET\",status=\"2xx\"}"), m::toString);
      assertEquals(1.0, m.get("hexhttp_requests_total{method=\"POST\",status=\"4xx\"}"));
      assertEquals(1.0, m.get("hexhttp_requests_total{method=\"GET\",status=\"5xx\"}"));
      assertEquals(1.0, m.get("hexhttp_handler_exceptions_total{}"));
      assertEquals(1.0, m.get("hexhttp_requests_rejected_total{status=\"400\"}"));
      assertEquals(1.0, m.get("hexhttp_connections_timed_out_total{}"));
      assertEquals(8.0, m.get("hexhttp_connections_accepted_total{}"), "7, and curl's");
      assertEquals(1.0, m.get("hexhttp_connections_open{}"), "curl's");
      assertEquals(0.0, m.get("hexhttp_connections_refused_total{}"));
      assertEquals(5.0, m.get("hexhttp_request_duration_seconds_count{}"));
      assertEquals(5.0, m.get("hexhttp_request_duration_seconds_bucket{le=\"+Inf\"}"));
      double received = m.get("hexhttp_received_bytes_total{}");
      assertTrue(
          received > sentByClients && received < sentByClients + 200,
          "our " + sentByClients + " bytes and curl's request: " + received);
      assertEquals(
          (double) receivedByClients,
          m.get("hexhttp_sent_bytes_total{}"),
          "every byte the clients read, and nothing of the page being rendered");
    }
  }

  @ParameterizedTest
  @MethodSource("io.hexhttp.transport.Transport#available")
  void countsConnectionsRefusedAtTheCap(Transport transport) throws Exception {
    try (HttpServer server = start(ServerConfig.builder().transport(transport).maxConnections(1));
        Socket held = new Socket("127.0.0.1", server.port())) {
      await(() -> rendered("hexhttp_connections_open 1"), "the first connection is open");
      assertTrue(exchange(server.port(), "GET /ok HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 503 "));
      assertTrue(rendered("hexhttp_connections_refused_total 1"), metrics::render);
      assertTrue(rendered("hexhttp_connections_accepted_total 2"), metrics::render);
      assertFalse(held.isClosed());
    }
  }

  @ParameterizedTest
  @MethodSource("io.hexhttp.transport.Transport#available")
  void isReadyOnceListeningAndNotReadyWhileItDrains(Transport transport) throws Exception {
    assertFalse(health.ready(), "not before the server listens");
    HttpServer server =
        start(ServerConfig.builder().transport(transport).drainDelay(Duration.ofMillis(1500)));
    int port = server.port();
    assertTrue(
        exchange(port, "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n")
            .startsWith("HTTP/1.1 200 "));
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    await(() -> !health.ready(), "shutdown has begun");
    String during = exchange(port, "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertTrue(during.startsWith("HTTP/1.1 503 "), during);
    assertTrue(during.endsWith("not ready\n"), during);
    assertTrue(
        exchange(port, "GET /ok HTTP/1.1\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200 "),
        "still serving while the load balancer catches up");
    closing.get(20, TimeUnit.SECONDS);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      InputStream in = s.getInputStream();
      s.setSoTimeout(2000);
      assertEquals(-1, in.read(), "nothing is accepted once the delay is over");
    } catch (ConnectException expected) {
      // refused: the listener is closed
    }
  }
}

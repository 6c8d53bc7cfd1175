package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.routing.Router;
import io.hexhttp.handlers.AccessLogFilter;
import io.hexhttp.handlers.GzipFilter;
import io.hexhttp.transport.HttpServer;
import io.hexhttp.transport.ServerConfig;
import io.hexhttp.transport.Transport;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Behind a proxy, over real sockets: from a trusted proxy the handler and the access log see the
 * client's address, scheme and host; the log has the bytes actually written (gzip-coded) and the
 * latency; from anyone else the forwarding fields are ignored.
 */
class ProxyIT {
  private static String exchange(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static void awaitSize(List<String> log, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (log.size() < n && System.nanoTime() < deadline) {
      LockSupport.parkNanos(
          TimeUnit.MILLISECONDS.toNanos(5)); // a bounded poll: no event to wait on
    }
    assertEquals(n, log.size(), log.toString());
  }

  @ParameterizedTest
  @MethodSource("io.hexhttp.transport.Transport#available")
  void seesTheClientBehindATrustedProxyOnly(Transport transport) throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    String big = "x".repeat(2000);
    var app =
        new GzipFilter()
            .wrap(
                Router.builder()
                    .get(
                        "/who",
                        r ->
                            HttpResponse.text(
                                r.peer().orElse("?")
                                    + " "
                                    + r.scheme()
                                    + " "
                                    + r.header("Host")
                                    + " "
                                    + big))
                    .build());
    try (HttpServer server =
        HttpServer.start(
            app,
            ServerConfig.builder()
                .port(0)
                .transport(transport)
                .trustedProxies(Set.of("127.0.0.1"))
                .build(),
            new AccessLogFilter(log::add, Clock.systemUTC()).observer())) {
      String proxied =
          exchange(
              server.port(),
              "GET /who HTTP/1.1\r\nHost: internal\r\n"
                  + "X-Forwarded-For: 198.51.100.7, 203.0.113.9\r\nX-Forwarded-Proto: https\r\n"
                  + "X-Forwarded-Host: shop.example\r\nConnection: close\r\n\r\n");
      assertTrue(proxied.contains("\r\n\r\n203.0.113.9 https shop.example x"), proxied);
      awaitSize(log, 1);
      assertTrue(log.get(0).startsWith("203.0.113.9 - - ["), log.get(0));

      String gzipped =
          exchange(
              server.port(),
              "GET /who HTTP/1.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
      int length = Integer.parseInt(gzipped.replaceAll("(?s).*Content-Length: (\\d+)\r\n.*", "$1"));
      assertTrue(length < 200, "gzip-coded: " + length);
      awaitSize(log, 2);
      assertTrue(
          log.get(1).matches(".*\" 200 " + length + " \\d+\\.\\d{3}$"),
          "the bytes written after gzip, then the latency: " + log.get(1));
    }
    try (HttpServer untrusting =
        HttpServer.start(app, ServerConfig.builder().port(0).transport(transport).build())) {
      String spoofed =
          exchange(
              untrusting.port(),
              "GET /who HTTP/1.1\r\nHost: internal\r\n"
                  + "X-Forwarded-For: 203.0.113.9\r\nForwarded: for=1.2.3.4;proto=https\r\nConnection: close\r\n\r\n");
      assertTrue(spoofed.contains("\r\n\r\n127.0.0.1 http internal x"), spoofed);
    }
  }
}

package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private final Metrics metrics = new Metrics();

  private List<String> lines() {
    return metrics.render().lines().toList();
  }

  private void assertSample(String sample) {
    assertTrue(lines().contains(sample), () -> "no line " + sample + " in\n" + metrics.render());
  }

  @Test
  void countsFailedTlsHandshakes() {
    metrics.tlsHandshakeFailed();
    metrics.tlsHandshakeFailed();
    assertSample("hexhttp_tls_handshake_failures_total 2");
  }

  @Test
  void countsRequestsByMethodAndStatusClass() {
    metrics.exchanged(HttpRequest.builder(Method.GET, "/").build(), Status.OK, 0, 1_000);
    metrics.exchanged(HttpRequest.builder(Method.GET, "/").build(), Status.NOT_MODIFIED, 0, 1_000);
    metrics.exchanged(HttpRequest.builder(Method.GET, "/").build(), Status.OK, 0, 1_000);
    metrics.exchanged(HttpRequest.builder(Method.POST, "/").build(), Status.CREATED, 0, 1_000);
    metrics.exchanged(
        HttpRequest.builder(Method.of("BREW"), "/").build(), Status.NOT_IMPLEMENTED, 0, 1_000);
    assertSample("hexhttp_requests_total{method=\"GET\",status=\"2xx\"} 2");
    assertSample("hexhttp_requests_total{method=\"GET\",status=\"3xx\"} 1");
    assertSample("hexhttp_requests_total{method=\"POST\",status=\"2xx\"} 1");
    assertSample("hexhttp_requests_total{method=\"other\",status=\"5xx\"} 1");
    assertEquals(4, lines().stream().filter(l -> l.startsWith("hexhttp_requests_total")).count());
  }

  @Test
  void putsDurationsInCumulativeBuckets() {
    metrics.exchanged(HttpRequest.builder(Method.GET, "/").build(), Status.OK, 0, 50_000); // 50 µs
    metrics.exchanged(
        HttpRequest.builder(Method.GET, "/").build(), Status.OK, 0, 2_000_000); // 2 ms
    metrics.exchanged(
        HttpRequest.builder(Method.GET, "/").build(), Status.OK, 0, 20_000_000_000L); // 20 s
    assertSample("hexhttp_request_duration_seconds_bucket{le=\"1.0E-4\"} 1");
    assertSample("hexhttp_request_duration_seconds_bucket{le=\"0.0025\"} 2");
    assertSample("hexhttp_request_duration_seconds_bucket{le=\"10.0\"} 2");
    assertSample("hexhttp_request_duration_seconds_bucket{le=\"+Inf\"} 3");
    assertSample("hexhttp_request_duration_seconds_count 3");
    assertSample("hexhttp_request_duration_seconds_sum 20.00205");
  }

  @Test
  void countsConnectionsBytesRejectionsAndFailures() {
    metrics.connectionOpened();
    metrics.connectionOpened();
    metrics.connectionOpened();
    metrics.connectionClosed();
    metrics.connectionRefused();
    metrics.connectionTimedOut();
    metrics.bytesRead(100);
    metrics.bytesRead(23);
    metrics.bytesWritten(7);
    metrics.requestRejected(Status.BAD_REQUEST);
    metrics.requestRejected(Status.BAD_REQUEST);
    metrics.requestRejected(Status.URI_TOO_LONG);
    metrics.handlerFailed();
    assertSample("hexhttp_connections_accepted_total 4");
    assertSample("hexhttp_connections_open 2");
    assertSample("hexhttp_connections_refused_total 1");
    assertSample("hexhttp_connections_timed_out_total 1");
    assertSample("hexhttp_received_bytes_total 123");
    assertSample("hexhttp_sent_bytes_total 7");
    assertSample("hexhttp_requests_rejected_total{status=\"400\"} 2");
    assertSample("hexhttp_requests_rejected_total{status=\"414\"} 1");
    assertSample("hexhttp_handler_exceptions_total 1");
  }

  @Test
  void everySeriesHasItsHelpAndTypeFirst() {
    metrics.exchanged(HttpRequest.builder(Method.GET, "/").build(), Status.OK, 0, 1);
    String seen = "";
    for (String line : lines()) {
      if (line.startsWith("# TYPE ")) {
        seen = line.split(" ")[2];
      } else if (!line.startsWith("#")) {
        String name = line.split("[{ ]")[0];
        assertTrue(name.startsWith(seen), line + " follows the TYPE of " + seen);
      }
    }
  }

  @Test
  void servesTheTextFormat() throws IOException {
    HttpResponse r = metrics.handler().handle(HttpRequest.get("/metrics"));
    assertEquals(200, r.status().code());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type"));
    assertTrue(r.body().text().contains("# TYPE hexhttp_requests_total counter\n"));
  }
}

package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogFilterTest {
  private final List<String> lines = new ArrayList<>();
  private final AccessLogFilter log =
      new AccessLogFilter(
          lines::add, Clock.fixed(Instant.parse("2000-10-10T20:55:36Z"), ZoneOffset.UTC));

  @Test
  void writesCommonLogFormat() throws IOException {
    HttpHandler app = log.wrap(r -> HttpResponse.text("hello"));
    app.handle(HttpRequest.get("/echo/hello?x=1").withPeer("127.0.0.1"));
    assertEquals(
        List.of(
            "127.0.0.1 - - [10/Oct/2000:20:55:36 +0000] \"GET /echo/hello?x=1 HTTP/1.1\" 200 5"),
        lines);
  }

  @Test
  void logsRefusalsAndEscapesTheTarget() {
    HttpHandler app =
        log.wrap(
            r -> {
              throw HttpException.badRequest("no");
            });
    assertThrows(HttpException.class, () -> app.handle(HttpRequest.get("/a\"b")));
    assertEquals(
        List.of("- - - [10/Oct/2000:20:55:36 +0000] \"GET /a\\x22b HTTP/1.1\" 400 -"), lines);
  }

  @Test
  void writesOneJsonObjectPerLineWithEverythingClientSentEscaped() throws IOException {
    AccessLogFilter json =
        new AccessLogFilter(
            lines::add,
            Clock.fixed(Instant.parse("2000-10-10T20:55:36Z"), ZoneOffset.UTC),
            AccessLogFilter.Format.JSON);
    HttpHandler app = json.wrap(r -> HttpResponse.text("hello"));
    app.handle(
        HttpRequest.get("/a\"b\\c\u00e9")
            .withHeaders(Headers.of("User-Agent", "curl/8 \"x\""))
            .withPeer("::1"));
    app.handle(HttpRequest.get("/"));
    assertEquals(
        List.of(
            "{\"time\":\"2000-10-10T20:55:36Z\",\"remote\":\"::1\",\"method\":\"GET\","
                + "\"target\":\"/a\\\"b\\\\c\\u00e9\",\"version\":\"HTTP/1.1\",\"status\":200,"
                + "\"bytes\":5,\"user_agent\":\"curl/8 \\\"x\\\"\"}",
            "{\"time\":\"2000-10-10T20:55:36Z\",\"remote\":null,\"method\":\"GET\","
                + "\"target\":\"/\",\"version\":\"HTTP/1.1\",\"status\":200,\"bytes\":5,"
                + "\"user_agent\":null}"),
        lines);
  }

  @Test
  void asAnObserverLogsTheBytesWrittenAndTheLatency() {
    List<String> common = new ArrayList<>();
    List<String> json = new ArrayList<>();
    Clock clock = Clock.fixed(Instant.parse("2000-10-10T20:55:36Z"), ZoneOffset.UTC);
    HttpRequest request = HttpRequest.get("/echo/hi").withPeer("203.0.113.9");
    new AccessLogFilter(common::add, clock).observer().exchanged(request, Status.OK, 23, 1_500_000);
    new AccessLogFilter(json::add, clock, AccessLogFilter.Format.JSON)
        .observer()
        .exchanged(request, Status.OK, 23, 1_500_000);
    assertEquals(
        List.of(
            "203.0.113.9 - - [10/Oct/2000:20:55:36 +0000] \"GET /echo/hi HTTP/1.1\" 200 23 0.002"),
        common);
    assertTrue(
        json.get(0).endsWith("\"bytes\":23,\"user_agent\":null,\"duration_ms\":1.500}"),
        json.get(0));
  }
}

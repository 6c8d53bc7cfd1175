package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class HealthTest {
  private final Health health = new Health();

  private HttpResponse ask() throws IOException {
    return health.handler().handle(HttpRequest.get("/health"));
  }

  @Test
  void isNotReadyBeforeTheServerListens() throws IOException {
    HttpResponse r = ask();
    assertEquals(503, r.status().code());
    assertEquals("not ready\n", r.body().text());
    assertEquals("no-store", r.header("Cache-Control"));
  }

  @Test
  void isReadyOnceListening() throws IOException {
    health.listening();
    HttpResponse r = ask();
    assertEquals(200, r.status().code());
    assertEquals("ready\n", r.body().text());
    assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
  }

  @Test
  void isNotReadyOnceShutdownBegins() throws IOException {
    health.listening();
    health.shuttingDown();
    assertEquals(503, ask().status().code());
  }
}

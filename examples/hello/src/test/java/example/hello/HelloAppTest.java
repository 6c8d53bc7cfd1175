package example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.transport.HttpServer;
import io.hexhttp.transport.LocalConnector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

class HelloAppTest {
  @Test
  void greetsThroughTheHandler() throws Exception {
    HttpResponse r = HelloApp.handler().handle(HttpRequest.get("/hello/Ada"));
    assertEquals("Hello, Ada!", r.body().text());
  }

  @Test
  void greetsThroughTheTestKit() {
    LocalConnector local = new LocalConnector(HelloApp.handler());
    String wire = local.exchange("GET /hello/Ada HTTP/1.1\r\n\r\n");
    // the library sends Date by default (RFC 9110 §6.6.1); everything else is fixed
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: <date>\r\nContent-Length: 11\r\n\r\nHello, Ada!",
        wire.replaceFirst("Date: [^\r]*", "Date: <date>"));
    assertEquals(404, local.send(HttpRequest.get("/bye")).status().code());
  }

  @Test
  void greetsOverASocket() throws Exception {
    try (HttpServer server = HelloApp.start(0)) {
      var response = HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/hello/caf%C3%A9")).build(),
          BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertEquals("Hello, café!", response.body());
    }
  }
}

package io.hexhttp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.routing.Router;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalConnectorTest {
  private final LocalConnector local =
      new LocalConnector(
          Router.builder()
              .get("/hello/{name}", r -> HttpResponse.text("Hello, " + r.pathParam("name")))
              .post("/len", r -> HttpResponse.text(String.valueOf(r.body().bytes().length)))
              .get(
                  "/stream",
                  r ->
                      HttpResponse.ok()
                          .withBody(Body.ofStream(new ByteArrayInputStream("abc".getBytes()), -1)))
              .build(),
          ServerConfig.builder().sendDate(false).build());

  @Test
  void returnsTheRawBytes() {
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nHello, Ad",
        local.exchange("GET /hello/Ad HTTP/1.1\r\n\r\n"));
  }

  @Test
  void sendsRequestValuesAndParsesTheResponse() {
    HttpResponse r = local.send(HttpRequest.post("/len", Body.of("12345")));
    assertEquals(200, r.status().code());
    assertEquals("5", r.body().text());
    assertEquals("1", r.header("Content-Length"));
  }

  @Test
  void parsesPipelinedChunkedAndHeadResponses() {
    List<HttpResponse> all =
        local.responses("GET /stream HTTP/1.1\r\n\r\nGET /hello/x HTTP/1.1\r\n\r\n");
    assertEquals("abc", all.get(0).body().text());
    assertEquals("Hello, x", all.get(1).body().text());
    HttpResponse head = local.send(HttpRequest.builder(Method.HEAD, "/hello/x").build());
    assertEquals("8", head.header("Content-Length"));
    assertEquals("", head.body().text());
  }
}

package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.routing.Router;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class HandlersTest {
  private final Router router =
      Router.builder()
          .get("/", new RootHandler())
          .get("/echo/{" + EchoHandler.PARAM + "*}", new EchoHandler())
          .get("/user-agent", new UserAgentHandler())
          .build();

  @Test
  void rootIsAnEmptyOk() throws IOException {
    HttpResponse r = router.handle(HttpRequest.get("/"));
    assertEquals(200, r.status().code());
    assertEquals(0, r.body().length());
  }

  @Test
  void echoAnswersThePathAsPlainText() throws IOException {
    HttpResponse r = router.handle(HttpRequest.get("/echo/dooby/Coo-Monkey"));
    assertEquals(200, r.status().code());
    assertEquals("text/plain", r.header("Content-Type"));
    assertEquals("dooby/Coo-Monkey", r.body().text());
  }

  @Test
  void echoMeasuresBytesNotCharacters() throws IOException {
    HttpResponse r = router.handle(HttpRequest.get("/echo/caf%C3%A9"));
    assertEquals("café", r.body().text());
    assertEquals(5, r.body().length());
  }

  @Test
  void userAgentAnswersTheHeaderValue() throws IOException {
    HttpResponse r =
        router.handle(
            HttpRequest.builder(Method.GET, "/user-agent")
                .header("user-agent", "foobar/1.2.3")
                .build());
    assertEquals("text/plain", r.header("Content-Type"));
    assertEquals("foobar/1.2.3", r.body().text());
  }

  @Test
  void userAgentWithoutTheHeaderIsEmpty() throws IOException {
    assertEquals("", router.handle(HttpRequest.get("/user-agent")).body().text());
  }
}

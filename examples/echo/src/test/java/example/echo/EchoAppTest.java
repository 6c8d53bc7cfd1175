package example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpResponse;
import io.hexhttp.transport.LocalConnector;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoAppTest {
  private final LocalConnector local = new LocalConnector(EchoApp.handler());

  @Test
  void answersAnyMethodOnAnyPathWithTheBody() {
    for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "PURGE")) {
      HttpResponse r = local.responses(method + " /any/path HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello").get(0);
      assertEquals(200, r.status().code(), method);
      assertEquals("hello", r.body().text(), method);
    }
  }

  @Test
  void framesWithContentLengthInOneWrite() {
    String wire = local.exchange("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nDate: <date>\r\nContent-Length: 3\r\n\r\nabc",
        wire.replaceFirst("Date: [^\r]*", "Date: <date>"));
  }

  @Test
  void listsTheHeaderLines() {
    HttpResponse r = local.responses("GET /headers HTTP/1.1\r\nHost: example\r\nX-Two: a b\r\n\r\n").get(0);
    assertEquals("Host: example\r\nX-Two: a b\r\n", r.body().text());
    assertTrue(r.header("Content-Type").startsWith("text/plain"));
  }
}

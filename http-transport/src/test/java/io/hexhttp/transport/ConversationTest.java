package io.hexhttp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import io.hexhttp.core.routing.Router;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConversationTest {
  private final AtomicInteger calls = new AtomicInteger();
  private final HttpHandler app =
      Router.builder()
          .get(
              "/",
              r -> {
                calls.incrementAndGet();
                return HttpResponse.ok();
              })
          .get(
              "/echo/{text*}",
              r -> {
                calls.incrementAndGet();
                return HttpResponse.text(r.pathParam("text"));
              })
          .post(
              "/upload",
              r -> {
                calls.incrementAndGet();
                return HttpResponse.text(r.body().text());
              })
          .post(
              "/ignore",
              r -> {
                calls.incrementAndGet();
                return HttpResponse.of(Status.ACCEPTED);
              })
          .get(
              "/boom",
              r -> {
                throw new IllegalStateException("boom");
              })
          .build();

  private Answer converse(String wire) {
    return converse(wire, GOLDEN);
  }

  /** What the server answered. */
  record Answer(String written) {}

  /** The defaults without the Date field, so that answers compare as exact bytes. */
  static final ServerConfig GOLDEN = ServerConfig.builder().sendDate(false).build();

  /** RFC 9110 §6.6.1: the library's default is to send Date. */
  @Test
  void sendsDateByDefault() {
    String out =
        converse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", ServerConfig.DEFAULT).written();
    assertTrue(
        out.matches(
            "(?s)HTTP/1\\.1 200 OK\r\n.*Date: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n.*"),
        out);
  }

  private Answer converse(String wire, ServerConfig config) {
    return new Answer(new LocalConnector(app, config).exchange(wire));
  }

  @Test
  void answersPipelinedRequestsInOrder() {
    String out =
        converse(
                "GET /echo/one HTTP/1.1\r\n\r\nGET /echo/two HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n")
            .written();
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\none"
            + "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\ntwo"
            + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        out);
  }

  @Test
  void closesAfterConnectionClose() {
    String out =
        converse("GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET /echo/never HTTP/1.1\r\n\r\n")
            .written();
    assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", out);
    assertEquals(1, calls.get());
  }

  @Test
  void http10ClosesUnlessKeepAliveAsked() {
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        converse("GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n\r\n").written());
    assertEquals(
        2,
        converse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n")
                .written()
                .split("HTTP/1.1 200 OK", -1)
                .length
            - 1);
  }

  @Test
  void answers400ThenClosesOnAMalformedRequest() {
    String out =
        converse("GET / HTTP/1.1\r\nBad Header: x\r\n\r\nGET / HTTP/1.1\r\n\r\n").written();
    assertTrue(out.startsWith("HTTP/1.1 400 Bad Request\r\n"), out);
    assertTrue(out.contains("Connection: close\r\n"));
    assertEquals(1, out.split("HTTP/1.1 ", -1).length - 1, "exactly one response");
    assertEquals(0, calls.get());
  }

  @Test
  void answersEarlierRequestsBeforeTheMalformedOne() {
    String out = converse("GET / HTTP/1.1\r\n\r\nGET / HTTP/9.9\r\n\r\n").written();
    assertTrue(out.startsWith("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 505 "), out);
  }

  @Test
  void neverAnswersASmuggledRequest() {
    // CL.TE: the body "0\r\n\r\nGET /echo/smuggled" must never be read as a request
    String out =
        converse(
                "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 30\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /echo/smuggled HTTP/1.1\r\n\r\n")
            .written();
    assertTrue(out.startsWith("HTTP/1.1 400 "), out);
    assertFalse(out.contains("smuggled"));
    assertEquals(0, calls.get());
  }

  /**
   * An error is a response like any other: the request was read whole, so the connection goes on.
   */
  @Test
  void answers500AndKeepsTheConnectionWhenAHandlerThrows() {
    String out = converse("GET /boom HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n").written();
    assertTrue(out.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), out);
    assertFalse(out.contains("Connection: close"), out);
    assertFalse(out.contains("boom"), "no internals leak to the client");
    assertTrue(
        out.contains("HTTP/1.1 200 "), "the pipelined request behind it is answered: " + out);
  }

  @Test
  void drainsAnUnreadBodyAndGoesOn() {
    String out =
        converse("POST /ignore HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n\r\n")
            .written();
    assertEquals(
        "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        out);
  }

  @Test
  void closesWhenAnUnreadBodyExceedsTheDrainLimit() {
    ServerConfig tight = GOLDEN.toBuilder().drainLimit(3).build();
    String out =
        converse(
                "POST /ignore HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n\r\n",
                tight)
            .written();
    assertEquals("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", out);
  }

  @Test
  void readsChunkedUploads() {
    String out =
        converse(
                "POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
            .written();
    assertTrue(out.endsWith("Content-Length: 5\r\n\r\nabcde"), out);
  }

  @Test
  void sends100ContinueBeforeReadingTheBody() {
    byte[] head =
        "POST /upload HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    String out =
        new String(
            new LocalConnector(app, GOLDEN)
                .exchange(List.of(head, "abc".getBytes(StandardCharsets.ISO_8859_1))),
            StandardCharsets.ISO_8859_1);
    assertTrue(out.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), out);
    assertTrue(out.endsWith("\r\n\r\nabc"), out);
  }

  @Test
  void answers501ToConnectAndToMethodsNoRouteImplements() {
    String out =
        converse("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n").written();
    assertTrue(out.startsWith("HTTP/1.1 501 Not Implemented\r\n"), out);
    out = converse("PURGE /echo/x HTTP/1.1\r\n\r\n").written();
    assertTrue(out.startsWith("HTTP/1.1 501 Not Implemented\r\n"), out);
    out = converse("DELETE /echo/x HTTP/1.1\r\n\r\n").written();
    assertTrue(out.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), out);
  }

  @Test
  void answersAMethodTooLongForTheRequestLineWith501() {
    String out = converse("X".repeat(9000) + " / HTTP/1.1\r\n\r\n").written();
    assertTrue(out.startsWith("HTTP/1.1 501 Not Implemented\r\n"), out);
    assertTrue(out.contains("Connection: close\r\n"), out);
  }

  /** RFC 9110 §10.1.1: a server MAY omit 100 Continue when some of the content is here already. */
  @Test
  void omits100ContinueWhenTheBodyCameWithTheHead() {
    String out =
        converse("POST /upload HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc")
            .written();
    assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
  }

  @Test
  void sendsNo100ContinueWhenTheBodyIsNotWanted() {
    String out =
        converse("POST /ignore HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc")
            .written();
    assertEquals("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", out);
  }

  @Test
  void sendsNo100ContinueToHttp10() {
    String out =
        converse("POST /upload HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc")
            .written();
    assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
  }

  @Test
  void answers417ToOtherExpectations() {
    String out =
        converse("POST /upload HTTP/1.1\r\nExpect: magic\r\nContent-Length: 3\r\n\r\nabc")
            .written();
    assertTrue(out.startsWith("HTTP/1.1 417 Expectation Failed\r\n"), out);
  }

  @Test
  void answers413AtOnceForADeclaredBodyOverTheLimit() {
    ServerConfig small =
        GOLDEN.toBuilder().limits(ServerConfig.DEFAULT.http().limits().withMaxBodySize(10)).build();
    String out = converse("POST /upload HTTP/1.1\r\nContent-Length: 11\r\n\r\n", small).written();
    assertTrue(out.startsWith("HTTP/1.1 413 Content Too Large\r\n"), out);
    assertEquals(0, calls.get());
  }

  @Test
  void answersHeadWithoutABody() {
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n",
        converse("HEAD /echo/hi HTTP/1.1\r\nConnection: keep-alive\r\n\r\n").written());
  }

  @Test
  void writesNothingForAnEmptyConnection() {
    assertEquals("", converse("").written());
  }
}

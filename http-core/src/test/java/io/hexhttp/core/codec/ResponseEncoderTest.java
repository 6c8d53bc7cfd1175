package io.hexhttp.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.Body;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import io.hexhttp.core.Version;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseEncoderTest {
  private final ResponseEncoder encoder = new ResponseEncoder();

  private String encode(HttpResponse r, Method m, Version v, boolean keepAlive) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encoder.write(r, m, v, keepAlive, out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        1,
        9,
        10,
        99,
        100,
        12345,
        999_999_999,
        1_000_000_000,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE + 1L,
        999_999_999_999_999_999L,
        1_000_000_000_000_000_000L,
        Long.MAX_VALUE
      })
  void writesEveryLengthInDecimal(long length) throws IOException {
    HttpResponse r = HttpResponse.ok().withBody(Body.unsent(length));
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n",
        encode(r, Method.HEAD, Version.HTTP_1_1, true));
  }

  @Test
  void writesAnEmptyOk() throws IOException {
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        encode(HttpResponse.ok(), Method.GET, Version.HTTP_1_1, true));
  }

  @Test
  void writesATextBodyWithItsLength() throws IOException {
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\ncaf\u00c3\u00a9",
        encode(HttpResponse.text("café"), Method.GET, Version.HTTP_1_1, true));
  }

  @Test
  void encodesAsBeforeAfterLettingGoOfItsBuffer() throws IOException {
    String big = "x".repeat(3000); // grows the buffer past its first size
    String expected = encode(HttpResponse.text(big), Method.GET, Version.HTTP_1_1, true);
    encoder.releaseBuffer();
    assertEquals(
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
        encode(HttpResponse.notFound(), Method.GET, Version.HTTP_1_1, true));
    encoder.releaseBuffer();
    assertEquals(expected, encode(HttpResponse.text(big), Method.GET, Version.HTTP_1_1, true));
  }

  /**
   * Handlers answer with a few constant header sets, whose field lines the encoder keeps from the
   * last answer: the same set writes the same lines, another set its own, and a set that asks to
   * close the connection closes it each time it comes.
   */
  @Test
  void writesEachHeaderSetsOwnLinesWhenSetsRepeatAndAlternate() throws IOException {
    Headers plain = Headers.of("Content-Type", "text/plain", "Vary", "Accept-Encoding");
    Headers closing = Headers.of("Content-Type", "text/plain", "Connection", "close");
    Headers large = Headers.of("X-Large", "v".repeat(1500), "Content-Length", "99");
    String plainAnswer =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nVary: Accept-Encoding\r\n"
            + "Content-Length: 2\r\n\r\nhi";
    String closingAnswer =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            + "Connection: close\r\n\r\nhi";
    String largeAnswer =
        "HTTP/1.1 200 OK\r\nX-Large: " + "v".repeat(1500) + "\r\nContent-Length: 2\r\n\r\nhi";
    for (int round = 0; round < 2; round++) {
      for (Headers h : new Headers[] {plain, plain, closing, closing, large, large, plain}) {
        HttpResponse r = HttpResponse.ok().withHeaders(h).withBody(Body.of("hi"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean keepAlive = encoder.write(r, Method.GET, Version.HTTP_1_1, true, out);
        String expected = h == plain ? plainAnswer : h == closing ? closingAnswer : largeAnswer;
        assertEquals(expected, out.toString(StandardCharsets.ISO_8859_1));
        assertEquals(h != closing, keepAlive);
      }
      encoder.releaseBuffer(); // idle: nothing kept, the same answers after
    }
    // equal sets that are not the same instance are each encoded as they are
    HttpResponse copy =
        HttpResponse.ok()
            .withHeaders(Headers.of("Content-Type", "text/plain", "Vary", "Accept-Encoding"))
            .withBody(Body.of("hi"));
    assertEquals(plainAnswer, encode(copy, Method.GET, Version.HTTP_1_1, true));
  }

  @Test
  void writesNotFound() throws IOException {
    assertEquals(
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
        encode(HttpResponse.notFound(), Method.GET, Version.HTTP_1_1, true));
  }

  @Test
  void addsConnectionCloseWhenClosing() throws IOException {
    assertEquals(
        "HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        encode(HttpResponse.of(Status.CREATED), Method.POST, Version.HTTP_1_1, false));
  }

  @Test
  void answersHttp10KeepAliveExplicitly() throws IOException {
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n",
        encode(HttpResponse.ok(), Method.GET, Version.HTTP_1_0, true));
  }

  @Test
  void headGetsTheHeadOnly() throws IOException {
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n",
        encode(HttpResponse.text("abc"), Method.HEAD, Version.HTTP_1_1, true));
  }

  @Test
  void chunksABodyOfUnknownLength() throws IOException {
    Body stream = Body.ofStream(new ByteArrayInputStream("hello".getBytes()), -1);
    String wire = encode(HttpResponse.ok().withBody(stream), Method.GET, Version.HTTP_1_1, true);
    assertEquals(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", wire);
  }

  @Test
  void closesAfterAnUnknownLengthBodyToHttp10() throws IOException {
    Body stream = Body.ofStream(new ByteArrayInputStream("hello".getBytes()), -1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean keep =
        encoder.write(HttpResponse.ok().withBody(stream), Method.GET, Version.HTTP_1_0, true, out);
    assertFalse(keep);
    assertEquals(
        "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello",
        out.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void ignoresFramingFieldsSetByHandlers() throws IOException {
    HttpResponse r =
        HttpResponse.of(
            Status.OK,
            Headers.of("Content-Length", "99", "Transfer-Encoding", "gzip", "X-A", "b"),
            Body.of("hi"));
    assertEquals(
        "HTTP/1.1 200 OK\r\nX-A: b\r\nContent-Length: 2\r\n\r\nhi",
        encode(r, Method.GET, Version.HTTP_1_1, true));
  }

  @Test
  void sendsNoLengthWith204() throws IOException {
    assertEquals(
        "HTTP/1.1 204 No Content\r\n\r\n",
        encode(HttpResponse.of(Status.NO_CONTENT), Method.GET, Version.HTTP_1_1, true));
  }

  @Test
  void handlerConnectionCloseClosesTheConnection() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertFalse(
        encoder.write(
            HttpResponse.ok().withHeader("Connection", "close"),
            Method.GET,
            Version.HTTP_1_1,
            true,
            out));
    assertTrue(out.toString(StandardCharsets.US_ASCII).contains("Connection: close\r\n"));
  }

  @Test
  void writesAnImfFixdateWhenAsked() throws IOException {
    ResponseEncoder dated =
        new ResponseEncoder(
            true, Clock.fixed(Instant.parse("1994-11-06T08:49:37Z"), ZoneOffset.UTC));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    dated.write(HttpResponse.ok(), Method.GET, Version.HTTP_1_1, true, out);
    assertEquals(
        "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n",
        out.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void writesUnregisteredStatusWithEmptyReason() throws IOException {
    assertEquals(
        "HTTP/1.1 299 \r\nContent-Length: 0\r\n\r\n",
        encode(HttpResponse.of(Status.of(299)), Method.GET, Version.HTTP_1_1, true));
  }

  @Test
  void writesALargeBodyAfterItsHead() throws IOException {
    byte[] big = new byte[100_000];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encoder.write(
        HttpResponse.ok().withBody(Body.of(big)), Method.GET, Version.HTTP_1_1, true, out);
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
    assertEquals(head.length() + big.length, out.size());
  }
}

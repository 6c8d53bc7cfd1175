package io.hexhttp.core.codec;

import static io.hexhttp.core.codec.Wire.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.Body;
import io.hexhttp.core.Compliance;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import io.hexhttp.core.Version;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestParserTest {

  /** A valid request, and what the parser must make of it: method, path, body. */
  record Valid(String name, String wire, String method, String path, String body) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Valid> validRequests() {
    return Stream.of(
        new Valid(
            "bare GET without Host (the product's clients)",
            "GET / HTTP/1.1\r\n\r\n",
            "GET",
            "/",
            ""),
        new Valid(
            "GET with Host",
            "GET /echo/abc HTTP/1.1\r\nHost: localhost:4221\r\n\r\n",
            "GET",
            "/echo/abc",
            ""),
        new Valid(
            "query split off", "GET /a/b?x=1&y HTTP/1.1\r\nHost: h\r\n\r\n", "GET", "/a/b", ""),
        new Valid("HTTP/1.0", "GET / HTTP/1.0\r\n\r\n", "GET", "/", ""),
        new Valid(
            "one empty line before the request line",
            "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET",
            "/",
            ""),
        new Valid(
            "tabs and spaces around a value",
            "GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: \t curl/8 \t\r\n\r\n",
            "GET",
            "/",
            ""),
        new Valid(
            "empty field value", "GET / HTTP/1.1\r\nHost: h\r\nX-Empty:\r\n\r\n", "GET", "/", ""),
        new Valid(
            "obs-text in a value",
            "GET / HTTP/1.1\r\nHost: h\r\nX-Latin: caf\u00e9\r\n\r\n",
            "GET",
            "/",
            ""),
        new Valid(
            "absolute-form target",
            "GET http://example.com:8080/p/q?z HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
            "GET",
            "/p/q",
            ""),
        new Valid(
            "absolute-form without path",
            "GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n",
            "GET",
            "/",
            ""),
        new Valid("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", "OPTIONS", "*", ""),
        new Valid(
            "unknown method token", "PURGE /x HTTP/1.1\r\nHost: h\r\n\r\n", "PURGE", "/x", ""),
        new Valid(
            "Content-Length body",
            "POST /files/a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
            "POST",
            "/files/a",
            "hello"),
        new Valid(
            "case-insensitive field names",
            "POST /f HTTP/1.1\r\nhOsT: h\r\ncontent-LENGTH: 3\r\n\r\nabc",
            "POST",
            "/f",
            "abc"),
        new Valid(
            "repeated identical Content-Length lines",
            "POST /f HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
            "POST",
            "/f",
            "abc"),
        new Valid(
            "identical Content-Length list",
            "POST /f HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\nabc",
            "POST",
            "/f",
            "abc"),
        new Valid(
            "Content-Length: 0",
            "POST /f HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
            "POST",
            "/f",
            ""),
        new Valid(
            "chunked body",
            "POST /f HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
            "POST",
            "/f",
            "hello world"),
        new Valid(
            "chunked, coding in upper case",
            "POST /f HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "POST",
            "/f",
            "abc"),
        new Valid(
            "chunk extensions ignored",
            "POST /f HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b;c;d=\"q \\\" x\"\r\nabc\r\n0;last\r\n\r\n",
            "POST",
            "/f",
            "abc"),
        new Valid(
            "chunked with trailers",
            "POST /f HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\nX-Sum: 1\r\nX-Other: 2\r\n\r\n",
            "POST",
            "/f",
            "0123456789"),
        new Valid(
            "bracketed IPv6 Host", "GET / HTTP/1.1\r\nHost: [::1]:4221\r\n\r\n", "GET", "/", ""),
        new Valid("empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", "GET", "/", ""),
        new Valid("HTTP/1.2 read as 1.1", "GET / HTTP/1.2\r\n\r\n", "GET", "/", ""),
        new Valid("bare LF lines (lenient)", "GET / HTTP/1.1\nHost: h\n\n", "GET", "/", ""));
  }

  /** An invalid request and the status it must be answered with. */
  record Invalid(String name, String wire, int status) {
    @Override
    public String toString() {
      return name + " -> " + status;
    }
  }

  static Stream<Invalid> invalidRequests() {
    String te = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
    return Stream.of(
        // request line
        new Invalid("no version", "GET /\r\n\r\n", 400),
        new Invalid("HTTP/1", "GET / HTTP/1\r\n\r\n", 400),
        new Invalid("HTTP/01.01", "GET / HTTP/01.01\r\n\r\n", 400),
        new Invalid("lower-case version", "GET / http/1.1\r\n\r\n", 400),
        new Invalid("space in version", "GET / HTTP/ 1.1\r\n\r\n", 400),
        new Invalid("extra token", "GET / HTTP/1.1 x\r\n\r\n", 400),
        new Invalid("two spaces", "GET  / HTTP/1.1\r\n\r\n", 400),
        new Invalid("trailing space", "GET / HTTP/1.1 \r\n\r\n", 400),
        new Invalid("leading space", " GET / HTTP/1.1\r\n\r\n", 400),
        new Invalid("garbage before method", "\u0001GET / HTTP/1.1\r\n\r\n", 400),
        new Invalid(
            "two empty lines before the request line", "\r\n\r\nGET / HTTP/1.1\r\n\r\n", 400),
        new Invalid("tab in target", "GET /a\tb HTTP/1.1\r\n\r\n", 400),
        new Invalid("non-ASCII in target", "GET /caf\u00e9 HTTP/1.1\r\n\r\n", 400),
        new Invalid("DEL in target", "GET /a\u007fb HTTP/1.1\r\n\r\n", 400),
        new Invalid("fragment in target", "GET /a#b HTTP/1.1\r\n\r\n", 400),
        new Invalid("relative target", "GET a/b HTTP/1.1\r\n\r\n", 400),
        new Invalid("asterisk with GET", "GET * HTTP/1.1\r\n\r\n", 400),
        new Invalid("bare CR in request line", "GET / HTTP/1.1\r\r\n\r\n", 400),
        new Invalid("CR inside request line", "GET /\r HTTP/1.1\r\n\r\n", 400),
        new Invalid("HTTP/2.0", "GET / HTTP/2.0\r\n\r\n", 505),
        new Invalid("HTTP/9.9", "GET / HTTP/9.9\r\n\r\n", 505),
        new Invalid("HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", 505),
        new Invalid("request line too long", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n\r\n", 414),
        // field lines
        new Invalid("space before colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),
        new Invalid("tab before colon", "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", 400),
        new Invalid("empty field name", "GET / HTTP/1.1\r\n: h\r\n\r\n", 400),
        new Invalid("brackets in field name", "GET / HTTP/1.1\r\n[]: h\r\n\r\n", 400),
        new Invalid("@ in field name", "GET / HTTP/1.1\r\nX@Y: h\r\n\r\n", 400),
        new Invalid("non-ASCII field name", "GET / HTTP/1.1\r\nX\u00e9: h\r\n\r\n", 400),
        new Invalid("NUL in field name", "GET / HTTP/1.1\r\nX\u0000Y: h\r\n\r\n", 400),
        new Invalid("no colon", "GET / HTTP/1.1\r\nHost h\r\n\r\n", 400),
        new Invalid(
            "whitespace before first field line", "GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400),
        new Invalid("obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n", 400),
        new Invalid("bare CR in a field line", "GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n", 400),
        new Invalid("bare CR ending a field line", "GET / HTTP/1.1\r\nX-A: a\r\r\n\r\n", 400),
        new Invalid("NUL in value", "GET / HTTP/1.1\r\nX-A: a\u0000b\r\n\r\n", 400),
        new Invalid("control char in value", "GET / HTTP/1.1\r\nX-A: a\u0001b\r\n\r\n", 400),
        new Invalid("DEL in value", "GET / HTTP/1.1\r\nX-A: a\u007fb\r\n\r\n", 400),
        new Invalid("ESC in value", "GET / HTTP/1.1\r\nX-A: \u001b[31m\r\n\r\n", 400),
        new Invalid(
            "headers too large", "GET / HTTP/1.1\r\nX-A: " + "a".repeat(40_000) + "\r\n\r\n", 431),
        new Invalid(
            "too many fields", "GET / HTTP/1.1\r\n" + "X-A: a\r\n".repeat(101) + "\r\n", 431),
        new Invalid("cut inside the head", "GET / HTTP/1.1\r\nHost: h\r\n", 400),
        // Host
        new Invalid("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),
        new Invalid("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@h\r\n\r\n", 400),
        new Invalid("Host with path", "GET / HTTP/1.1\r\nHost: h/x\r\n\r\n", 400),
        new Invalid("Host list", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", 400),
        new Invalid("Host with bad port", "GET / HTTP/1.1\r\nHost: h:8x\r\n\r\n", 400),
        new Invalid("Host with space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
        // Content-Length
        new Invalid(
            "Content-Length +5",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\nhello",
            400),
        new Invalid(
            "Content-Length -0", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -0\r\n\r\n", 400),
        new Invalid(
            "Content-Length 0x5",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x5\r\n\r\nhello",
            400),
        new Invalid(
            "Content-Length 1 0", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1 0\r\n\r\n", 400),
        new Invalid(
            "Content-Length empty", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n", 400),
        new Invalid(
            "Content-Length overflow",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n",
            400),
        new Invalid(
            "differing Content-Length lines",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            400),
        new Invalid(
            "differing Content-Length list",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 4\r\n\r\nabcd",
            400),
        new Invalid(
            "Content-Length over the limit",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3000000000\r\n\r\n",
            413),
        // Transfer-Encoding
        new Invalid(
            "Content-Length with Transfer-Encoding",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400),
        new Invalid(
            "last coding not chunked",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            400),
        new Invalid(
            "gzip alone", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
        new Invalid(
            "chunked twice",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            501),
        new Invalid(
            "Transfer-Encoding in HTTP/1.0",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400),
        new Invalid(
            "unknown transfer coding",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: foo, chunked\r\n\r\n",
            501),
        new Invalid(
            "unknown transfer coding alone",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xyz\r\n\r\n",
            501),
        new Invalid(
            "empty Transfer-Encoding",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n",
            400),
        // chunked bodies
        new Invalid("non-hex chunk size", te + "g\r\nabc\r\n0\r\n\r\n", 400),
        new Invalid("signed chunk size", te + "+3\r\nabc\r\n0\r\n\r\n", 400),
        new Invalid("space after chunk size", te + "3 \r\nabc\r\n0\r\n\r\n", 400),
        new Invalid("space before chunk size", te + " 3\r\nabc\r\n0\r\n\r\n", 400),
        new Invalid("chunk size overflow", te + "1000000000000000000\r\nabc\r\n0\r\n\r\n", 400),
        new Invalid("empty chunk size", te + "\r\nabc\r\n0\r\n\r\n", 400),
        new Invalid("bare ; extension", te + "3;\r\nabc\r\n0\r\n\r\n", 400),
        new Invalid("extension with empty value", te + "3;a=\r\nabc\r\n0\r\n\r\n", 400),
        new Invalid("NUL in extension", te + "3;a\u0000\r\nabc\r\n0\r\n\r\n", 400),
        new Invalid("unclosed quoted extension", te + "3;a=\"x\r\nabc\r\n0\r\n\r\n", 400),
        new Invalid("missing CRLF after chunk data", te + "3\r\nabcd\r\n0\r\n\r\n", 400),
        new Invalid("malformed trailer", te + "0\r\nX-A b\r\n\r\n", 400),
        new Invalid("obs-fold in trailer", te + "0\r\nX-A: b\r\n c\r\n\r\n", 400),
        new Invalid("chunked over the limit", te + "FFFFFFFFF\r\n", 413));
  }

  static Stream<Arguments> strictOnly() {
    return Stream.of(
        Arguments.of("GET / HTTP/1.1\r\n\r\n", 400),
        Arguments.of("GET / HTTP/1.1\nHost: h\n\n", 400),
        Arguments.of("GET / HTTP/1.1\r\nHost: h\n\r\n", 400));
  }

  private static final ParserLimits LIMITS = ParserLimits.DEFAULT;

  private static Wire.Message parse(List<byte[]> pieces, Compliance c) throws IOException {
    List<Wire.Message> all = Wire.parseAll(pieces, LIMITS, c);
    if (all.isEmpty()) {
      throw new AssertionError("no request");
    }
    return all.get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRequests")
  void parsesValidRequest(Valid v) throws IOException {
    Wire.Message m = parse(Wire.whole(bytes(v.wire())), Compliance.LENIENT);
    assertEquals(v.method(), m.request().method().name());
    assertEquals(v.path(), m.request().path());
    assertEquals(v.body(), m.text());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRequests")
  void parsesValidRequestInEverySplit(Valid v) throws IOException {
    byte[] wire = bytes(v.wire());
    for (int cut = 1; cut < wire.length; cut++) {
      Wire.Message m = parse(Wire.split(wire, cut), Compliance.LENIENT);
      assertEquals(v.path(), m.request().path(), "split at " + cut);
      assertEquals(v.body(), m.text(), "split at " + cut);
    }
    for (int a = 1; a < wire.length; a += 3) {
      for (int b = a + 1; b < wire.length; b += 5) {
        Wire.Message m = parse(Wire.split(wire, a, b), Compliance.LENIENT);
        assertEquals(v.body(), m.text(), "split at " + a + "," + b);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRequests")
  void parsesValidRequestOneByteAtATime(Valid v) throws IOException {
    Wire.Message m = parse(Wire.trickle(bytes(v.wire())), Compliance.LENIENT);
    assertEquals(v.method(), m.request().method().name());
    assertEquals(v.path(), m.request().path());
    assertEquals(v.body(), m.text());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void refusesInvalidRequestWithItsStatus(Invalid v) {
    for (Compliance c : Compliance.values()) {
      HttpException e =
          assertThrows(HttpException.class, () -> parse(Wire.whole(bytes(v.wire())), c));
      assertEquals(v.status(), e.status().code(), c + ": " + e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void refusesInvalidRequestOneByteAtATime(Invalid v) {
    HttpException e =
        assertThrows(
            HttpException.class, () -> parse(Wire.trickle(bytes(v.wire())), Compliance.LENIENT));
    assertEquals(v.status(), e.status().code(), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void refusesInvalidRequestInEverySplit(Invalid v) {
    byte[] wire = bytes(v.wire());
    for (int cut = 1; cut < Math.min(wire.length, 300); cut++) {
      int at = cut;
      HttpException e =
          assertThrows(
              HttpException.class,
              () -> parse(Wire.split(wire, at), Compliance.LENIENT),
              "split at " + cut);
      assertEquals(v.status(), e.status().code(), "split at " + cut + ": " + e.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("strictOnly")
  void strictModeRefusesWhatLenientAccepts(String wire, int status) throws IOException {
    assertEquals("/", parse(Wire.whole(bytes(wire)), Compliance.LENIENT).request().path());
    HttpException e =
        assertThrows(HttpException.class, () -> parse(Wire.whole(bytes(wire)), Compliance.STRICT));
    assertEquals(status, e.status().code());
  }

  @Test
  void readsPipelinedRequestsInOrderHoweverSplit() throws IOException {
    byte[] wire =
        bytes(
            "GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nxy"
                + "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n"
                + "GET /d HTTP/1.1\r\n\r\n");
    for (List<byte[]> pieces :
        List.of(Wire.whole(wire), Wire.trickle(wire), Wire.split(wire, 20, 40))) {
      List<Wire.Message> all = Wire.parseAll(pieces, LIMITS, Compliance.LENIENT);
      assertEquals(4, all.size());
      assertEquals("/a", all.get(0).request().path());
      assertEquals("xy", all.get(1).text());
      assertEquals("z", all.get(2).text());
      assertEquals("/d", all.get(3).request().path());
    }
  }

  /**
   * A keep-alive client repeats its fields: a value seen before is reused, a changed one checked.
   */
  @Test
  void checksEveryFieldOfEveryHeadOnOneConnection() {
    RequestParser p = new RequestParser();
    String head = "GET / HTTP/1.1\r\nHost: a.example\r\nUser-Agent: %s\r\nX-Note: %s\r\n\r\n";
    HttpRequest first = next(p, head.formatted("curl/8", "one"));
    HttpRequest second = next(p, head.formatted("curl/8", "two"));
    assertEquals("curl/8", second.headers().firstOrNull("User-Agent"));
    assertEquals("two", second.headers().firstOrNull("X-Note"));
    assertEquals("a.example", second.headers().firstOrNull("Host"));
    assertSame(
        first.headers().firstOrNull("User-Agent"),
        second.headers().firstOrNull("User-Agent"),
        "an unchanged value is the String parsed before");
    HttpException bad =
        assertThrows(HttpException.class, () -> next(p, head.formatted("curl/8\u0001", "two")));
    assertEquals(Status.BAD_REQUEST, bad.status());
    RequestParser q = new RequestParser();
    next(q, "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n");
    bad =
        assertThrows(
            HttpException.class, () -> next(q, "GET / HTTP/1.1\r\nHost: a.ex{mple\r\n\r\n"));
    assertEquals(Status.BAD_REQUEST, bad.status());
    RequestParser r = new RequestParser();
    next(r, "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n");
    r.releaseBuffer(); // idle: the remembered values go
    assertEquals(
        "b.example",
        next(r, "GET / HTTP/1.1\r\nHost: b.example\r\n\r\n").headers().firstOrNull("Host"));
    bad =
        assertThrows(HttpException.class, () -> next(r, "GET / HTTP/1.1\r\nHost: b\u0001\r\n\r\n"));
    assertEquals(Status.BAD_REQUEST, bad.status());
  }

  /**
   * A keep-alive client repeating its request line gets the request it meant, without the line
   * being parsed again; any changed byte (target, query, version, method) is parsed anew, and the
   * rest of the head is checked every time.
   */
  @Test
  void readsARepeatedRequestLineAsItWasMeantEachTime() {
    RequestParser p = new RequestParser(ParserLimits.DEFAULT, Compliance.STRICT);
    String host = "Host: a.example\r\n\r\n";
    HttpRequest first = next(p, "GET /a?x=1 HTTP/1.1\r\n" + host);
    HttpRequest again = next(p, "GET /a?x=1 HTTP/1.1\r\n" + host);
    assertSame(first.target(), again.target(), "the same line: the String parsed before");
    assertEquals("/a", again.path());
    assertEquals("x=1", again.query().orElseThrow());
    HttpRequest other = next(p, "GET /a?x=2 HTTP/1.1\r\n" + host);
    assertEquals("x=2", other.query().orElseThrow());
    assertEquals("x=1", next(p, "GET /a?x=1 HTTP/1.1\r\n" + host).query().orElseThrow());
    assertEquals(Method.HEAD, next(p, "HEAD /a?x=1 HTTP/1.1\r\n" + host).method());
    HttpRequest old = next(p, "GET /b HTTP/1.0\r\n\r\n");
    assertEquals(Version.HTTP_1_0, old.version());
    assertEquals("/b", old.path());
    assertTrue(old.query().isEmpty());
    HttpRequest newer = next(p, "GET /b HTTP/1.1\r\n" + host);
    assertEquals(Version.HTTP_1_1, newer.version());
    // the line is the same, the head is not: a strict HTTP/1.1 request without Host is refused
    HttpException bad = assertThrows(HttpException.class, () -> next(p, "GET /b HTTP/1.1\r\n\r\n"));
    assertEquals(Status.BAD_REQUEST, bad.status());
    // a line split across reads is remembered as well
    RequestParser q = new RequestParser();
    ByteBuffer in = ByteBuffer.wrap(bytes("GET /split HT"));
    assertEquals(RequestParser.Result.NEED_DATA, q.parse(in));
    in = ByteBuffer.wrap(bytes("TP/1.1\r\n\r\n"));
    assertEquals(RequestParser.Result.HEAD, q.parse(in));
    assertEquals(RequestParser.Result.END, q.parse(in));
    String target = q.request(Body.empty(), null).target();
    assertSame(target, next(q, "GET /split HTTP/1.1\r\n\r\n").target());
    q.releaseBuffer(); // idle: nothing remembered
    assertEquals("/split", next(q, "GET /split HTTP/1.1\r\n\r\n").target());
  }

  /**
   * A field line taken whole because the last head had it still counts against the head's limits,
   * and one that differs in its terminator or arrives in pieces is parsed as any other line.
   */
  @Test
  void holdsRepeatedFieldLinesToTheLimitsAndTheirTerminators() {
    String a = "X-A: " + "a".repeat(60) + "\r\n";
    String b = "X-B: " + "b".repeat(60) + "\r\n";
    ParserLimits small = new ParserLimits(64, 160, 3, 1024, 64);
    RequestParser p = new RequestParser(small, Compliance.LENIENT);
    next(p, "GET / HTTP/1.1\r\n" + a + b + "\r\n");
    // the second line is the one remembered, but the first now takes more of the budget
    HttpException big =
        assertThrows(
            HttpException.class,
            () -> next(p, "GET / HTTP/1.1\r\nX-A: " + "c".repeat(90) + "\r\n" + b + "\r\n"));
    assertEquals(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, big.status());
    RequestParser q = new RequestParser(small, Compliance.LENIENT);
    String three = "X-1: 1\r\nX-2: 2\r\nX-3: 3\r\n";
    next(q, "GET / HTTP/1.1\r\n" + three + "\r\n");
    HttpException many =
        assertThrows(
            HttpException.class, () -> next(q, "GET / HTTP/1.1\r\n" + three + "X-4: 4\r\n\r\n"));
    assertEquals(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, many.status());
    // a bare LF after a remembered line: lenient takes it, strict refuses it
    RequestParser lenient = new RequestParser();
    next(lenient, "GET / HTTP/1.1\r\nX-A: 1\r\n\r\n");
    assertEquals("1", next(lenient, "GET / HTTP/1.1\nX-A: 1\n\n").headers().firstOrNull("X-A"));
    RequestParser strict = new RequestParser(ParserLimits.DEFAULT, Compliance.STRICT);
    next(strict, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    HttpException bare =
        assertThrows(HttpException.class, () -> next(strict, "GET / HTTP/1.1\r\nHost: h\n\r\n"));
    assertEquals(Status.BAD_REQUEST, bare.status());
    // the same lines arriving a byte at a time
    RequestParser r = new RequestParser();
    String head = "GET /x HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\r\n";
    next(r, head);
    ByteBuffer in = ByteBuffer.allocate(head.length()).limit(0);
    RequestParser.Result result = RequestParser.Result.NEED_DATA;
    for (int i = 0; i < head.length() && result == RequestParser.Result.NEED_DATA; i++) {
      in.limit(i + 1).put(i, (byte) head.charAt(i));
      result = r.parse(in);
    }
    assertEquals(RequestParser.Result.HEAD, result);
    HttpRequest pieces = r.request(Body.empty(), null);
    assertEquals("/x", pieces.path());
    assertEquals(2, pieces.headers().size());
    assertEquals("1", pieces.headers().firstOrNull("X-A"));
  }

  @Test
  void givesARepeatedHeaderSectionItsFieldsWhateverChangedAroundIt() {
    RequestParser p = new RequestParser();
    String ab = "Host: h\r\nX-A: 1\r\n";
    Headers first = next(p, "GET / HTTP/1.1\r\n" + ab + "\r\n").headers();
    Headers again = next(p, "GET /other HTTP/1.1\r\n" + ab + "\r\n").headers();
    assertSame(first, again); // the same lines: the same (immutable) section
    assertEquals(List.of("h", "1"), values(next(p, "GET / HTTP/1.1\r\n" + ab + "\r\n")));
    // one line more, one fewer, one changed: each head gets its own lines
    assertEquals(
        List.of("h", "1", "2"), values(next(p, "GET / HTTP/1.1\r\n" + ab + "X-B: 2\r\n\r\n")));
    assertEquals(List.of("h"), values(next(p, "GET / HTTP/1.1\r\nHost: h\r\n\r\n")));
    assertEquals(List.of("h", "9"), values(next(p, "GET / HTTP/1.1\r\nHost: h\r\nX-A: 9\r\n\r\n")));
    assertEquals(List.of("g", "9"), values(next(p, "GET / HTTP/1.1\r\nHost: g\r\nX-A: 9\r\n\r\n")));
    // a line too long to remember leaves an older one remembered at its position: a head that
    // repeats the older one is not the long one's section
    String big = "X-A: " + "b".repeat(1100) + "\r\n";
    assertEquals(2, next(p, "GET / HTTP/1.1\r\nHost: g\r\n" + big + "\r\n").headers().size());
    assertEquals(List.of("g", "9"), values(next(p, "GET / HTTP/1.1\r\nHost: g\r\nX-A: 9\r\n\r\n")));
    assertEquals(List.of("g", "9"), values(next(p, "GET / HTTP/1.1\r\nHost: g\r\nX-A: 9\r\n\r\n")));
  }

  private static List<String> values(HttpRequest r) {
    List<String> out = new java.util.ArrayList<>();
    r.headers().forEach((name, value) -> out.add(value));
    return out;
  }

  private static HttpRequest next(RequestParser p, String head) {
    ByteBuffer in = ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(RequestParser.Result.HEAD, p.parse(in));
    assertEquals(RequestParser.Result.END, p.parse(in));
    return p.request(Body.empty(), null);
  }

  @Test
  void leavesContentInPlaceUntilTaken() {
    RequestParser p = new RequestParser();
    ByteBuffer in =
        ByteBuffer.wrap(
            bytes("POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n\r\n"));
    assertEquals(RequestParser.Result.HEAD, p.parse(in));
    assertEquals(5, p.bodyLength());
    assertEquals(RequestParser.Result.CONTENT, p.parse(in));
    int at = in.position();
    assertEquals(5, p.contentReady(in));
    assertEquals(RequestParser.Result.CONTENT, p.parse(in)); // nothing taken: still there
    assertEquals(at, in.position());
    in.position(at + 2);
    p.contentTaken(2);
    assertEquals(3, p.contentRemaining());
    in.position(at + 5);
    p.contentTaken(3);
    assertEquals(RequestParser.Result.END, p.parse(in));
    assertEquals(RequestParser.Result.HEAD, p.parse(in));
    assertEquals("/", p.request(Body.empty(), null).path());
  }

  @Test
  void keepsOnlyTheUnfinishedLineAcrossPieces() {
    RequestParser p = new RequestParser();
    assertTrue(p.isIdle());
    assertEquals(RequestParser.Result.NEED_DATA, p.parse(ByteBuffer.wrap(bytes("GET /x HT"))));
    assertTrue(p.inHead());
    assertEquals(RequestParser.Result.NEED_DATA, p.parse(ByteBuffer.wrap(bytes("TP/1.1\r\nHo"))));
    assertEquals(RequestParser.Result.HEAD, p.parse(ByteBuffer.wrap(bytes("st: h\r\n\r\n"))));
    assertEquals("/x", p.request(Body.empty(), null).path());
    assertEquals("h", p.request(Body.empty(), null).header("Host"));
  }

  @Test
  void acceptsWhitespaceAroundChunkExtensions() throws IOException {
    String wire =
        "POST /f HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3 ; a = b ;c\t;\td=\"x\"\r\nabc\r\n0 ; e\r\n\r\n";
    assertEquals("abc", parse(Wire.whole(bytes(wire)), Compliance.STRICT).text());
  }

  @Test
  void answersAnyDeclaredLengthOverTheLimitWith413() {
    for (String length : List.of("2147483649", "9223372036854775807", "0009223372036854775807")) {
      String wire = "POST / HTTP/1.1\r\nContent-Length: " + length + "\r\n\r\n";
      HttpException e =
          assertThrows(
              HttpException.class, () -> parse(Wire.whole(bytes(wire)), Compliance.LENIENT));
      assertEquals(length.length() > 19 ? 400 : 413, e.status().code(), length);
    }
  }

  @Test
  void acceptsADeclaredLengthOfExactlyTheLimit() {
    RequestParser p = new RequestParser();
    ByteBuffer in = ByteBuffer.wrap(bytes("POST / HTTP/1.1\r\nContent-Length: 2147483648\r\n\r\n"));
    assertEquals(RequestParser.Result.HEAD, p.parse(in));
    assertEquals(ParserLimits.DEFAULT.maxBodySize(), p.bodyLength());
  }

  @Test
  void answersAMethodThatOverflowsTheRequestLineWith501Not414() {
    String method = "A".repeat(9000);
    for (List<byte[]> pieces :
        List.of(
            Wire.whole(bytes(method + " / HTTP/1.1\r\n\r\n")), Wire.split(bytes(method), 4000))) {
      HttpException e = assertThrows(HttpException.class, () -> parse(pieces, Compliance.LENIENT));
      assertEquals(501, e.status().code());
    }
    HttpException e =
        assertThrows(
            HttpException.class,
            () -> parse(Wire.whole(bytes("G{" + "A".repeat(9000))), Compliance.LENIENT));
    assertEquals(400, e.status().code());
  }

  @Test
  void signalsACutOffBodyAsEndOfFile() {
    assertThrows(
        EOFException.class,
        () ->
            parse(
                Wire.whole(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")),
                Compliance.LENIENT));
  }

  @Test
  void returnsNothingAtACleanEnd() throws IOException {
    assertTrue(Wire.parseAll(List.of(new byte[0]), LIMITS, Compliance.LENIENT).isEmpty());
  }

  @Test
  void readsHeadersAndVersion() throws IOException {
    HttpRequest r =
        parse(
                Wire.whole(
                    bytes(
                        "GET /x?q=1 HTTP/1.0\r\nUser-Agent: a b\r\nConnection: keep-alive\r\n\r\n")),
                Compliance.LENIENT)
            .request();
    assertEquals(Method.GET, r.method());
    assertEquals(Version.HTTP_1_0, r.version());
    assertEquals("a b", r.header("user-agent"));
    assertEquals("q=1", r.query().orElseThrow());
    assertTrue(r.isKeepAlive());
  }

  @Test
  void keepsABinaryBodyByteForByte() throws IOException {
    byte[] body = new byte[70_000];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 31);
    }
    byte[] head = bytes("POST /f HTTP/1.1\r\nContent-Length: " + body.length + "\r\n\r\n");
    byte[] wire = new byte[head.length + body.length];
    System.arraycopy(head, 0, wire, 0, head.length);
    System.arraycopy(body, 0, wire, head.length, body.length);
    assertArrayEquals(
        body, parse(Wire.split(wire, 10, 5000, 40_000), Compliance.LENIENT).content());
  }
}

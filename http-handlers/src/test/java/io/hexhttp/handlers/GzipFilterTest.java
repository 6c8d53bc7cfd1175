package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GzipFilterTest {
  private final HttpHandler app = new GzipFilter().wrap(r -> HttpResponse.text("abc"));

  private static HttpRequest accepting(String... values) {
    HttpRequest.Builder b = HttpRequest.builder(Method.GET, "/echo/abc");
    for (String v : values) {
      b.header("Accept-Encoding", v);
    }
    return b.build();
  }

  static String gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "GZIP", "invalid-1, gzip, invalid-2", "br;q=1, gzip;q=0.5", " gzip ;q=1.0", "*", "x-gzip", "deflate,\tgzip"})
  void compressesWhenGzipIsAcceptable(String acceptEncoding) throws IOException {
    HttpResponse r = app.handle(accepting(acceptEncoding));
    assertEquals("gzip", r.header("Content-Encoding"));
    assertEquals("Accept-Encoding", r.header("Vary"));
    byte[] coded = r.body().bytes();
    assertEquals(coded.length, r.body().length());
    assertEquals("abc", gunzip(coded));
  }

  @ParameterizedTest
  @ValueSource(strings = {"invalid-1, invalid-2", "gzip;q=0", "gzip;q=0.000", "*;q=0", "gzip;q=0, *", "identity", "gzip;q=2", "gzip;q=abc"})
  void sendsThePlainBodyOtherwise(String acceptEncoding) throws IOException {
    HttpResponse r = app.handle(accepting(acceptEncoding));
    assertNull(r.header("Content-Encoding"));
    assertEquals("abc", r.body().text());
    assertEquals("Accept-Encoding", r.header("Vary"));
  }

  @Test
  void combinesSeveralFieldLines() throws IOException {
    assertEquals("gzip", app.handle(accepting("br", "gzip")).header("Content-Encoding"));
  }

  @Test
  void addsVaryToEachHeaderSetItsOwn() throws IOException {
    HttpResponse[] answers = {
      HttpResponse.text("a"),
      HttpResponse.text("b").withHeader("X-Id", "2"),
      HttpResponse.text("c"),
      HttpResponse.text("d").withHeader("Vary", "Origin"),
      HttpResponse.text("e").withHeader("X-Id", "5")
    };
    int[] next = {0};
    HttpHandler mixed = new GzipFilter().wrap(q -> answers[next[0]++]);
    for (HttpResponse expected : answers) {
      HttpResponse r = mixed.handle(accepting("identity"));
      assertEquals(expected.headers().with("Vary", "Accept-Encoding"), r.headers());
      assertEquals(expected.body().text(), r.body().text());
    }
  }

  @Test
  void leavesEmptyBodiesAlone() throws IOException {
    HttpResponse r = new GzipFilter().wrap(q -> HttpResponse.ok()).handle(accepting("gzip"));
    assertNull(r.header("Content-Encoding"));
    assertNull(r.header("Vary"));
  }

  @Test
  void leavesAlreadyCodedBodiesAlone() throws IOException {
    HttpResponse coded = HttpResponse.text("x").withHeader("Content-Encoding", "br");
    HttpResponse r = new GzipFilter().wrap(q -> coded).handle(accepting("gzip"));
    assertEquals("br", r.header("Content-Encoding"));
  }

  @Test
  void compressesAStreamedBodyAsItIsWritten() throws IOException {
    byte[] big = "0123456789".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
    HttpHandler files =
        new GzipFilter()
            .wrap(q -> HttpResponse.of(Status.OK).withBody(Body.ofStream(new ByteArrayInputStream(big), big.length)));
    HttpResponse r = files.handle(accepting("gzip"));
    assertEquals(-1, r.body().length());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.body().writeTo(out);
    assertEquals(new String(big, StandardCharsets.US_ASCII), gunzip(out.toByteArray()));
  }

  @Test
  void weightsFollowRfc9110() {
    assertEquals(500, AcceptEncoding.parseWeight("q=0.5"));
    assertEquals(1000, AcceptEncoding.parseWeight("Q=1"));
    assertEquals(0, AcceptEncoding.parseWeight("q=0.000"));
    assertEquals(-1, AcceptEncoding.parseWeight("q=1.001"));
    assertEquals(-1, AcceptEncoding.parseWeight("q=.5"));
  }
}

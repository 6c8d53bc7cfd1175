package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipFilterTest {
  private final HttpHandler app = new GzipFilter(0).wrap(r -> HttpResponse.text("abc"));

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
  @ValueSource(
      strings = {
        "gzip",
        "GZIP",
        "invalid-1, gzip, invalid-2",
        "br;q=1, gzip;q=0.5",
        " gzip ;q=1.0",
        "*",
        "x-gzip",
        "deflate,\tgzip"
      })
  void compressesWhenGzipIsAcceptable(String acceptEncoding) throws IOException {
    HttpResponse r = app.handle(accepting(acceptEncoding));
    assertEquals("gzip", r.header("Content-Encoding"));
    assertEquals("Accept-Encoding", r.header("Vary"));
    byte[] coded = r.body().bytes();
    assertEquals(coded.length, r.body().length());
    assertEquals("abc", gunzip(coded));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "invalid-1, invalid-2",
        "gzip;q=0",
        "gzip;q=0.000",
        "*;q=0",
        "gzip;q=0, *",
        "identity",
        "gzip;q=2",
        "gzip;q=abc"
      })
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
    HttpHandler mixed = new GzipFilter(0).wrap(q -> answers[next[0]++]);
    for (HttpResponse expected : answers) {
      HttpResponse r = mixed.handle(accepting("identity"));
      assertEquals(expected.headers().with("Vary", "Accept-Encoding"), r.headers());
      assertEquals(expected.body().text(), r.body().text());
    }
  }

  @Test
  void keepsAVaryThatAlreadyCoversTheCoding() throws IOException {
    for (String vary : new String[] {"accept-encoding", "Origin, Accept-Encoding", "*"}) {
      HttpResponse given = HttpResponse.text("v").withHeader("vary", vary);
      HttpResponse r = new GzipFilter(0).wrap(q -> given).handle(accepting("identity"));
      assertEquals(given.headers(), r.headers(), vary);
    }
  }

  @Test
  void judgesTheTypeByItsFirstFieldLine() throws IOException {
    HttpResponse image =
        HttpResponse.of(Status.OK)
            .withBody(Body.of("not text"))
            .withHeader("content-type", "image/png")
            .withHeader("Content-Type", "text/plain");
    HttpResponse r = new GzipFilter(0).wrap(q -> image).handle(accepting("gzip"));
    assertNull(r.header("Content-Encoding"));
    assertNull(r.header("Vary"), "no variant exists");
  }

  /**
   * What a header set says (coded or not, and its Vary) is kept for the next answer with the same
   * set: answers alternating between sets, some repeated, are each coded as their own set says.
   */
  @Test
  void codesEachAnswerAsItsOwnHeaderSetSaysWhenSetsAlternate() throws IOException {
    HttpResponse text = HttpResponse.text("plain words");
    HttpResponse image =
        HttpResponse.ok().withHeader("Content-Type", "image/png").withBody(Body.of("png"));
    HttpResponse coded =
        HttpResponse.text("zz").withHeader("Content-Encoding", "br").withBody(Body.of("br!"));
    HttpResponse[] answers = {text, text, image, text, coded, coded, image, image, text};
    int[] next = {0};
    HttpHandler mixed = new GzipFilter(0).wrap(q -> answers[next[0]++]);
    for (HttpResponse answer : answers) {
      HttpResponse r = mixed.handle(accepting("gzip"));
      if (answer == text) {
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals("plain words", gunzip(r.body().bytes()));
      } else {
        assertEquals(answer.headers(), r.headers(), "neither coded nor varied");
        assertEquals(answer.body().text(), r.body().text());
      }
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
            .wrap(
                q ->
                    HttpResponse.of(Status.OK)
                        .withBody(Body.ofStream(new ByteArrayInputStream(big), big.length)));
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

  private static final String KIB = "0123456789abcdef".repeat(64);

  private static HttpResponse through(GzipFilter filter, HttpResponse answer, HttpRequest request)
      throws IOException {
    return filter.wrap(q -> answer).handle(request);
  }

  @Test
  void leavesBodiesBelowTheMinimumAloneButVaries() throws IOException {
    HttpResponse r = through(new GzipFilter(), HttpResponse.text("abc"), accepting("gzip"));
    assertNull(r.header("Content-Encoding"));
    assertEquals("Accept-Encoding", r.header("Vary"));
    assertEquals(
        "gzip",
        through(new GzipFilter(), HttpResponse.text(KIB), accepting("gzip"))
            .header("Content-Encoding"));
  }

  /**
   * RFC 9110 §14: a 206's ranges are of the identity body; coding them would break Content-Range.
   */
  @Test
  void leavesPartialContentAlone() throws IOException {
    HttpResponse partial =
        HttpResponse.of(Status.PARTIAL_CONTENT)
            .withHeader("Content-Type", "text/plain")
            .withHeader("Content-Range", "bytes 0-1023/5000")
            .withBody(Body.of(KIB));
    HttpResponse r = through(new GzipFilter(0), partial, accepting("gzip"));
    assertNull(r.header("Content-Encoding"));
    assertEquals(1024, r.body().length());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "image/png",
        "image/jpeg",
        "video/mp4",
        "audio/mpeg",
        "application/zip",
        "application/gzip",
        "font/woff2",
        "application/octet-stream",
        "application/zstd"
      })
  void leavesCompressedAndOpaqueTypesAlone(String type) throws IOException {
    HttpResponse answer = HttpResponse.text(KIB).withHeaderReplaced("Content-Type", type);
    HttpResponse r = through(new GzipFilter(0), answer, accepting("gzip"));
    assertNull(r.header("Content-Encoding"), type);
    assertNull(r.header("Vary"), "no variant exists: " + type);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/html; charset=utf-8",
        "text/css",
        "application/json",
        "image/svg+xml",
        "text/javascript; charset=utf-8",
        "application/problem+json"
      })
  void compressesTextTypes(String type) throws IOException {
    HttpResponse answer = HttpResponse.text(KIB).withHeaderReplaced("Content-Type", type);
    assertEquals(
        "gzip", through(new GzipFilter(), answer, accepting("gzip")).header("Content-Encoding"));
  }

  /** RFC 9110 §8.8.3: each representation its own strong validator, so caches never mix them. */
  @Test
  void givesTheCodedVariantItsOwnEntityTag() throws IOException {
    HttpResponse tagged = HttpResponse.text(KIB).withHeader("ETag", "\"abc\"");
    assertEquals(
        "\"abc--gzip\"", through(new GzipFilter(), tagged, accepting("gzip")).header("ETag"));
    assertEquals(
        "\"abc\"", through(new GzipFilter(), tagged, accepting("identity")).header("ETag"));
    HttpResponse weak = HttpResponse.text(KIB).withHeader("ETag", "W/\"w\"");
    assertEquals(
        "W/\"w--gzip\"", through(new GzipFilter(), weak, accepting("gzip")).header("ETag"));
  }

  @Test
  void revalidatesTheCodedVariantAgainstTheHandlersOwnTag() throws IOException {
    List<String> seen = new ArrayList<>();
    HttpHandler app =
        new GzipFilter()
            .wrap(
                q -> {
                  seen.add(q.headers().firstOrNull("If-None-Match"));
                  return HttpResponse.of(Status.NOT_MODIFIED)
                      .withHeader("ETag", "\"abc\"")
                      .withBody(Body.unsent(5000));
                });
    HttpRequest conditional =
        HttpRequest.builder(Method.GET, "/x")
            .header("Accept-Encoding", "gzip")
            .header("If-None-Match", "\"abc--gzip\"")
            .build();
    HttpResponse r = app.handle(conditional);
    assertEquals(List.of("\"abc\""), seen);
    assertEquals(304, r.status().code());
    assertEquals("\"abc--gzip\"", r.header("ETag"));
    assertEquals("Accept-Encoding", r.header("Vary"));
    assertEquals(0, r.body().length(), "no identity Content-Length on the coded variant's 304");
  }

  /** A Server-Sent-Events stream: each flush of the handler's reaches the client, through gzip. */
  @Test
  void aFlushOfTheStreamGoesOutAtOnce() throws IOException {
    List<Integer> sizesAtFlush = new ArrayList<>();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            wire.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            wire.write(b, off, len);
          }

          @Override
          public void flush() {
            sizesAtFlush.add(wire.size());
          }
        };
    Body events =
        new Body() {
          @Override
          public long length() {
            return -1;
          }

          @Override
          public InputStream stream() {
            throw new UnsupportedOperationException();
          }

          @Override
          public void writeTo(OutputStream out) throws IOException {
            out.write("data: one\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // what the client has now must inflate to the first event, before the stream ends
            byte[] sofar = wire.toByteArray();
            Inflater inflater = new Inflater(true);
            inflater.setInput(sofar, 10, sofar.length - 10);
            byte[] plain = new byte[64];
            try {
              int n = inflater.inflate(plain);
              assertEquals("data: one\n\n", new String(plain, 0, n, StandardCharsets.US_ASCII));
            } catch (DataFormatException e) {
              throw new IOException(e);
            } finally {
              inflater.end();
            }
            out.write("data: two\n\n".getBytes(StandardCharsets.US_ASCII));
          }
        };
    HttpResponse r =
        through(
            new GzipFilter(),
            HttpResponse.of(Status.OK)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(events),
            accepting("gzip"));
    r.body().writeTo(sink);
    assertTrue(!sizesAtFlush.isEmpty() && sizesAtFlush.get(0) > 10, "flushed: " + sizesAtFlush);
    assertEquals("data: one\n\ndata: two\n\n", gunzip(wire.toByteArray()));
  }
}

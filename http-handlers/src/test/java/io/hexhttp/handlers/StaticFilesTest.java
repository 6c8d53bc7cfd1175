package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.routing.Router;
import io.hexhttp.testing.InMemoryFileStore;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The static-files handler, socket-free, over an in-memory tree. */
class StaticFilesTest {
  private final InMemoryFileStore files = new InMemoryFileStore();
  private Router site;

  @BeforeEach
  void tree() {
    files.put("index.html", "<h1>home</h1>");
    files.put("css/site.css", "body { color: red }");
    files.put("js/app.js", "console.log('plain')");
    files.put("js/app.js.gz", "GZ");
    files.put("js/app.js.br", "BR");
    files.put("docs/readme.txt", "0123456789");
    files.put("docs/.secret", "hidden");
    files.put(".env", "KEY=1");
    files.put("img/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    files.put("data/notes.unknownext", "x");
    site = route(StaticFiles.builder(files).cacheControl("no-cache").build());
  }

  private static Router route(StaticFiles handler) {
    return Router.builder().get("/{" + StaticFiles.PARAM + "*}", handler).get("/", handler).build();
  }

  private HttpResponse get(String target, String... headers) throws IOException {
    return send(Method.GET, target, headers);
  }

  private HttpResponse send(Method method, String target, String... headers) throws IOException {
    HttpRequest.Builder b = HttpRequest.builder(method, target);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return site.handle(b.build());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/css/site.css|text/css; charset=utf-8",
        "/js/app.js|text/javascript; charset=utf-8",
        "/docs/readme.txt|text/plain; charset=utf-8",
        "/img/logo.png|image/png",
        "/data/notes.unknownext|application/octet-stream"
      })
  void namesTheContentTypeByExtension(String target, String type) throws IOException {
    HttpResponse r = get(target);
    assertEquals(200, r.status().code());
    assertEquals(type, r.header("Content-Type"));
  }

  @Test
  void theTypeTableCanBeOverridden() throws IOException {
    site =
        route(
            StaticFiles.builder(files)
                .mediaTypes(MediaTypes.DEFAULT.with("unknownext", "text/x-notes; charset=utf-8"))
                .build());
    assertEquals(
        "text/x-notes; charset=utf-8", get("/data/notes.unknownext").header("Content-Type"));
  }

  @Test
  void answersAFolderWithItsIndexAndRedirectsOneWithoutItsSlash() throws IOException {
    assertEquals("<h1>home</h1>", get("/").body().text());
    assertEquals("text/html; charset=utf-8", get("/").header("Content-Type"));
    files.put("blog/index.html", "<h1>blog</h1>");
    HttpResponse redirect = get("/blog?page=2");
    assertEquals(301, redirect.status().code());
    assertEquals("/blog/?page=2", redirect.header("Location"));
    assertEquals("<h1>blog</h1>", get("/blog/").body().text());
  }

  @Test
  void listsAFolderOnlyWhenAskedTo() throws IOException {
    assertEquals(404, get("/docs/").status().code());
    site = route(StaticFiles.builder(files).listings(true).build());
    HttpResponse listing = get("/docs/");
    assertEquals(200, listing.status().code());
    assertEquals("text/html; charset=utf-8", listing.header("Content-Type"));
    assertTrue(listing.body().text().contains("<a href=\"readme.txt\">readme.txt</a>"));
    assertTrue(!listing.body().text().contains(".secret"), "hidden names are not listed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/.env",
        "/docs/.secret",
        "/docs/../.env",
        "/docs/%2e%2e/.env",
        "/docs%2Freadme.txt",
        "/docs%5creadme.txt",
        "/docs/readme.txt%00",
        "/css//site.css",
        "/docs/readme.txt/",
        "/nope.html"
      })
  void refusesWhatCouldEscapeOrIsHiddenWith404(String target) throws IOException {
    assertEquals(404, get(target).status().code(), target);
  }

  @Test
  void servesHiddenNamesWhenAskedTo() throws IOException {
    site = route(StaticFiles.builder(files).hidden(true).build());
    assertEquals("KEY=1", get("/.env").body().text());
  }

  @Test
  void answersOtherMethodsWith405() throws IOException {
    HttpResponse r =
        StaticFiles.builder(files).build().handle(HttpRequest.post("/index.html", Body.of("x")));
    assertEquals(405, r.status().code());
    assertEquals("GET, HEAD", r.header("Allow"));
  }

  /** RFC 9110 §8.8: a strong ETag and Last-Modified on 200, 206 and 304; Cache-Control as set. */
  @Test
  void carriesValidatorsOnEveryAnswer() throws IOException {
    HttpResponse ok = get("/docs/readme.txt");
    String etag = ok.header("ETag");
    assertTrue(etag.startsWith("\"") && etag.endsWith("\""), etag);
    assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", ok.header("Last-Modified"));
    assertEquals("no-cache", ok.header("Cache-Control"));
    assertEquals("bytes", ok.header("Accept-Ranges"));
    HttpResponse partial = get("/docs/readme.txt", "Range", "bytes=0-1");
    assertEquals(etag, partial.header("ETag"));
    assertEquals("no-cache", partial.header("Cache-Control"));
    HttpResponse notModified = get("/docs/readme.txt", "If-None-Match", etag);
    assertEquals(etag, notModified.header("ETag"));
    assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", notModified.header("Last-Modified"));
    assertEquals("no-cache", notModified.header("Cache-Control"));
  }

  /** RFC 9110 §15.4.5 and §8.6: a 304 has no content, and the Content-Length a 200 would carry. */
  @Test
  void answersRevalidationWith304() throws IOException {
    String etag = get("/docs/readme.txt").header("ETag");
    HttpResponse r = get("/docs/readme.txt", "If-None-Match", etag);
    assertEquals(304, r.status().code());
    assertEquals(10, r.body().length(), "the 200's length, never 0 for a non-empty file");
    assertNull(r.header("Content-Type"));
    assertEquals(
        304,
        get("/docs/readme.txt", "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")
            .status()
            .code());
    assertEquals(
        200,
        get("/docs/readme.txt", "If-Modified-Since", "Sun, 06 Nov 1994 08:49:36 GMT")
            .status()
            .code());
    assertEquals(200, get("/docs/readme.txt", "If-None-Match", "\"other\"").status().code());
  }

  /** RFC 9110 §13.1.1 and §13.1.4: If-Match and If-Unmodified-Since that fail → 412. */
  @Test
  void answersFailedPreconditionsWith412() throws IOException {
    assertEquals(412, get("/docs/readme.txt", "If-Match", "\"other\"").status().code());
    assertEquals(
        412,
        get("/docs/readme.txt", "If-Unmodified-Since", "Sat, 05 Nov 1994 08:49:37 GMT")
            .status()
            .code());
  }

  @Test
  void answersHeadWithTheHeadersOfGet() throws IOException {
    HttpResponse head = send(Method.HEAD, "/docs/readme.txt");
    HttpResponse get = get("/docs/readme.txt");
    assertEquals(200, head.status().code());
    assertEquals(get.headers(), head.headers());
    assertEquals(10, head.body().length());
  }

  /** RFC 9110 §14.4: one range → 206 with Content-Range. */
  @Test
  void servesOneRange() throws IOException {
    HttpResponse r = get("/docs/readme.txt", "Range", "bytes=2-5");
    assertEquals(206, r.status().code());
    assertEquals("bytes 2-5/10", r.header("Content-Range"));
    assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
    assertEquals("2345", r.body().text());
    assertEquals("789", get("/docs/readme.txt", "Range", "bytes=-3").body().text());
    assertEquals("89", get("/docs/readme.txt", "Range", "bytes=8-").body().text());
  }

  /** RFC 9110 §14.6: several ranges → multipart/byteranges, each part with its Content-Range. */
  @Test
  void servesSeveralRangesAsMultipart() throws IOException {
    HttpResponse r = get("/docs/readme.txt", "Range", "bytes=0-1,7-9");
    assertEquals(206, r.status().code());
    String type = r.header("Content-Type");
    assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
    String boundary = type.substring(type.indexOf('=') + 1);
    String expected =
        "\r\n--"
            + boundary
            + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Range: bytes 0-1/10\r\n\r\n01"
            + "\r\n--"
            + boundary
            + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Range: bytes 7-9/10\r\n\r\n789"
            + "\r\n--"
            + boundary
            + "--\r\n";
    assertEquals(expected, r.body().text());
    assertEquals(expected.length(), r.body().length());
    assertNull(r.header("Content-Range"));
  }

  /** RFC 9110 §15.5.17: no satisfiable range → 416 with Content-Range: bytes * /length. */
  @Test
  void answersAnUnsatisfiableRangeWith416() throws IOException {
    HttpResponse r = get("/docs/readme.txt", "Range", "bytes=10-20");
    assertEquals(416, r.status().code());
    assertEquals("bytes */10", r.header("Content-Range"));
  }

  /** RFC 9110 §13.1.5: If-Range that does not match sends the whole file (200). */
  @Test
  void honoursIfRange() throws IOException {
    String etag = get("/docs/readme.txt").header("ETag");
    assertEquals(
        206, get("/docs/readme.txt", "Range", "bytes=0-1", "If-Range", etag).status().code());
    HttpResponse stale = get("/docs/readme.txt", "Range", "bytes=0-1", "If-Range", "\"old\"");
    assertEquals(200, stale.status().code());
    assertEquals("0123456789", stale.body().text());
    assertEquals(
        206,
        get("/docs/readme.txt", "Range", "bytes=0-1", "If-Range", "Sun, 06 Nov 1994 08:49:37 GMT")
            .status()
            .code());
  }

  @Test
  void servesTooManyRangesWhole() throws IOException {
    site = route(StaticFiles.builder(files).maxRanges(2).build());
    assertEquals(200, get("/docs/readme.txt", "Range", "bytes=0-0,2-2,4-4").status().code());
  }

  /** nginx's gzip_static: a precompressed sibling for clients that accept it, with Vary. */
  @Test
  void servesPrecompressedSiblings() throws IOException {
    HttpResponse br = get("/js/app.js", "Accept-Encoding", "gzip, br");
    assertEquals("br", br.header("Content-Encoding"));
    assertEquals("BR", br.body().text());
    assertEquals("text/javascript; charset=utf-8", br.header("Content-Type"));
    assertEquals("Accept-Encoding", br.header("Vary"));
    HttpResponse gz = get("/js/app.js", "Accept-Encoding", "gzip");
    assertEquals("gzip", gz.header("Content-Encoding"));
    assertEquals("GZ", gz.body().text());
    HttpResponse plain = get("/js/app.js");
    assertNull(plain.header("Content-Encoding"));
    assertEquals("console.log('plain')", plain.body().text());
    assertEquals("Accept-Encoding", plain.header("Vary"));
    assertNotEquals(plain.header("ETag"), gz.header("ETag"), "each variant its own validator");
    assertNotEquals(br.header("ETag"), gz.header("ETag"));
  }

  @Test
  void aCodedStaticFilePassesThroughGzipUntouched() throws IOException {
    HttpResponse r =
        new GzipFilter(0)
            .wrap(site)
            .handle(
                HttpRequest.builder(Method.GET, "/js/app.js")
                    .header("Accept-Encoding", "gzip")
                    .build());
    assertEquals("GZ", r.body().text());
    assertEquals("gzip", r.header("Content-Encoding"));
  }
}

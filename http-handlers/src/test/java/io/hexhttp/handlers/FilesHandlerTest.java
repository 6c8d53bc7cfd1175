package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.port.FileInfo;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FilePath;
import io.hexhttp.core.port.FileStore;
import io.hexhttp.core.port.StoredFile;
import io.hexhttp.core.routing.Router;
import io.hexhttp.testing.InMemoryFileStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class FilesHandlerTest {
  private static final FileInfo INFO = FileInfo.file(6, 784_111_777_000L, "\"v1\"");
  @Mock FileStore store;

  private static Router routes(FileStore store) {
    FilesHandler files = new FilesHandler(store);
    return Router.builder()
        .get("/files/{name}", files.read())
        .post("/files/{name}", files.write())
        .build();
  }

  private static HttpRequest get(String target, String... headers) {
    HttpRequest.Builder b = HttpRequest.builder(Method.GET, target);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  @Test
  void servesAStoredFileAsOctetStreamWithItsValidators() throws IOException {
    FilePath foo = FilePath.of(new FileName("foo"));
    when(store.info(foo)).thenReturn(Optional.of(INFO));
    when(store.open(foo)).thenReturn(Optional.of(new StoredFile(INFO, Body.of("bytes!"))));
    HttpResponse r = routes(store).handle(HttpRequest.get("/files/foo"));
    assertEquals(200, r.status().code());
    assertEquals("application/octet-stream", r.header("Content-Type"));
    assertEquals("\"v1\"", r.header("ETag"));
    assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", r.header("Last-Modified"));
    assertEquals("bytes", r.header("Accept-Ranges"));
    assertEquals("bytes!", r.body().text());
  }

  @Test
  void answersAConditionalGetWith304WithoutOpeningTheFile() throws IOException {
    when(store.info(any())).thenReturn(Optional.of(INFO));
    HttpResponse r = routes(store).handle(get("/files/foo", "If-None-Match", "\"v1\""));
    assertEquals(304, r.status().code());
    assertEquals("\"v1\"", r.header("ETag"));
    assertEquals(6, r.body().length(), "the Content-Length a 200 would carry (RFC 9110 §8.6)");
    verify(store, never()).open(any());
  }

  @Test
  void answersHeadWithTheLengthWithoutOpeningTheFile() throws IOException {
    when(store.info(any())).thenReturn(Optional.of(INFO));
    HttpRequest head = HttpRequest.builder(Method.HEAD, "/files/foo").build();
    HttpResponse r = routes(store).handle(head);
    assertEquals(200, r.status().code());
    assertEquals(6, r.body().length());
    assertEquals("\"v1\"", r.header("ETag"));
    verify(store, never()).open(any());
  }

  @Test
  void answers404ForAnAbsentFile() throws IOException {
    when(store.info(any())).thenReturn(Optional.empty());
    assertEquals(404, routes(store).handle(HttpRequest.get("/files/nope")).status().code());
  }

  @Test
  void storesTheBodyAndAnswers201WithTheNewEntityTag() throws IOException {
    when(store.info(any())).thenReturn(Optional.empty());
    when(store.write(eq(new FileName("new file")), any(InputStream.class), any()))
        .thenReturn(Optional.of(INFO));
    HttpResponse r = routes(store).handle(HttpRequest.post("/files/new%20file", Body.of("12345")));
    assertEquals(201, r.status().code());
    assertEquals("\"v1\"", r.header("ETag"));
  }

  @Test
  void createOnlyUploadOfAnExistingFileIs412BeforeTheBodyIsRead() throws IOException {
    when(store.info(any())).thenReturn(Optional.of(INFO));
    HttpRequest put =
        HttpRequest.builder(Method.POST, "/files/foo")
            .header("If-None-Match", "*")
            .body("x")
            .build();
    assertEquals(412, routes(store).handle(put).status().code()); // RFC 9110 §13.1.2
    verify(store, never()).write(any(), any(), any());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/files/..",
        "/files/%2e%2e",
        "/files/a%2Fb",
        "/files/a%5Cb",
        "/files/%00",
        "/files/."
      })
  void refusesNamesThatCouldEscapeWithoutTouchingTheStore(String target) throws IOException {
    assertEquals(400, routes(store).handle(HttpRequest.get(target)).status().code());
    assertEquals(400, routes(store).handle(HttpRequest.post(target, Body.of("x"))).status().code());
    verifyNoInteractions(store);
  }

  @Test
  void doesNotAnswer201WhenStoringFails() throws IOException {
    when(store.info(any())).thenReturn(Optional.empty());
    when(store.write(any(), any(), any())).thenThrow(new IOException("disk full"));
    assertThrows(
        IOException.class,
        () -> routes(store).handle(HttpRequest.post("/files/x", Body.of("abc"))));
    verify(store, never()).open(any());
  }

  @Test
  void roundTripsThroughAnInMemoryStore() throws IOException {
    Router r = routes(new InMemoryFileStore());
    assertEquals(201, r.handle(HttpRequest.post("/files/k", Body.of("v"))).status().code());
    assertEquals("v", r.handle(HttpRequest.get("/files/k")).body().text());
  }

  /** RFC 9110 §13.1.1: If-Match replaces only the version named; a lost update is refused. */
  @Test
  void ifMatchReplacesOnlyTheVersionNamed() throws IOException {
    InMemoryFileStore files = new InMemoryFileStore();
    Router r = routes(files);
    String v1 = r.handle(HttpRequest.post("/files/doc", Body.of("one"))).header("ETag");
    HttpRequest.Builder update =
        HttpRequest.builder(Method.POST, "/files/doc").header("If-Match", v1);
    HttpResponse second = r.handle(update.body("two").build());
    assertEquals(201, second.status().code());
    HttpResponse stale =
        r.handle(
            HttpRequest.builder(Method.POST, "/files/doc")
                .header("If-Match", v1)
                .body("three")
                .build());
    assertEquals(412, stale.status().code());
    assertNull(stale.header("ETag"));
    assertEquals("two", r.handle(HttpRequest.get("/files/doc")).body().text());
    HttpResponse create =
        r.handle(
            HttpRequest.builder(Method.POST, "/files/fresh")
                .header("If-None-Match", "*")
                .body("new")
                .build());
    assertEquals(201, create.status().code());
  }

  @Test
  void absentStoreAnswers404() throws IOException {
    assertEquals(404, FilesHandler.absent().handle(HttpRequest.get("/files/x")).status().code());
  }
}

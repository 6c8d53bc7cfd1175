package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FileStore;
import io.hexhttp.testing.InMemoryFileStore;
import io.hexhttp.core.routing.Router;
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
  @Mock FileStore store;

  private static Router routes(FileStore store) {
    FilesHandler files = new FilesHandler(store);
    return Router.builder()
        .get("/files/{name}", files.read())
        .post("/files/{name}", files.write())
        .build();
  }

  @Test
  void servesAStoredFileAsOctetStream() throws IOException {
    when(store.read(new FileName("foo"))).thenReturn(Optional.of(Body.of("bytes!")));
    HttpResponse r = routes(store).handle(HttpRequest.get("/files/foo"));
    assertEquals(200, r.status().code());
    assertEquals("application/octet-stream", r.header("Content-Type"));
    assertEquals("bytes!", r.body().text());
  }

  @Test
  void answers404ForAnAbsentFile() throws IOException {
    when(store.read(any())).thenReturn(Optional.empty());
    assertEquals(404, routes(store).handle(HttpRequest.get("/files/nope")).status().code());
  }

  @Test
  void storesTheBodyAndAnswers201() throws IOException {
    when(store.write(eq(new FileName("new file")), any(InputStream.class))).thenReturn(5L);
    HttpResponse r =
        routes(store).handle(HttpRequest.post("/files/new%20file", Body.of("12345")));
    assertEquals(201, r.status().code());
    verify(store).write(eq(new FileName("new file")), any(InputStream.class));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/files/..", "/files/%2e%2e", "/files/a%2Fb", "/files/a%5Cb", "/files/%00", "/files/."})
  void refusesNamesThatCouldEscapeWithoutTouchingTheStore(String target) {
    HttpException e =
        assertThrows(HttpException.class, () -> routes(store).handle(HttpRequest.get(target)));
    assertEquals(400, e.status().code());
    assertThrows(
        HttpException.class,
        () -> routes(store).handle(HttpRequest.post(target, Body.of("x"))));
    verifyNoInteractions(store);
  }

  @Test
  void doesNotAnswer201WhenStoringFails() throws IOException {
    when(store.write(any(), any())).thenThrow(new IOException("disk full"));
    assertThrows(
        IOException.class,
        () -> routes(store).handle(HttpRequest.post("/files/x", Body.of("abc"))));
    verify(store, never()).read(any());
  }

  @Test
  void roundTripsThroughAnInMemoryStore() throws IOException {
    Router r = routes(new InMemoryFileStore());
    assertEquals(201, r.handle(HttpRequest.post("/files/k", Body.of("v"))).status().code());
    assertEquals("v", r.handle(HttpRequest.get("/files/k")).body().text());
  }

  @Test
  void absentStoreAnswers404() throws IOException {
    assertEquals(404, FilesHandler.absent().handle(HttpRequest.get("/files/x")).status().code());
  }
}

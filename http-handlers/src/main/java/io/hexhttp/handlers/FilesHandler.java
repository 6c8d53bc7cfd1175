package io.hexhttp.handlers;

import io.hexhttp.core.Body;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FileStore;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /files/{name}} over a {@link FileStore}: {@link #read()} serves a stored file as {@code
 * application/octet-stream} (404 if absent), {@link #write()} stores the request body and answers
 * 201 once it is stored. A name that is not a valid {@link FileName} ({@code ..}, slashes, NUL,
 * ...) is refused with 400 before the store is touched.
 */
public final class FilesHandler {
  /** The path parameter the routes bind. */
  public static final String PARAM = "name";

  private static final Headers OCTET_STREAM =
      Headers.of("Content-Type", "application/octet-stream");

  private final FileStore store;

  /** Files kept in {@code store}. */
  public FilesHandler(FileStore store) {
    this.store = Objects.requireNonNull(store);
  }

  /** The GET handler. */
  public HttpHandler read() {
    return request -> {
      Optional<Body> content = store.read(name(request));
      return content
          .map(body -> HttpResponse.of(Status.OK, OCTET_STREAM, body))
          .orElseGet(HttpResponse::notFound);
    };
  }

  /** The POST (and PUT) handler. */
  public HttpHandler write() {
    return request -> {
      FileName name = name(request);
      try (InputStream in = request.body().stream()) {
        store.write(name, in);
      }
      return HttpResponse.of(Status.CREATED);
    };
  }

  private static FileName name(HttpRequest request) {
    return FileName.parse(request.pathParam(PARAM))
        .orElseThrow(() -> HttpException.badRequest("not a valid file name"));
  }

  /** Handlers for a store that is not configured: every request is 404. */
  public static HttpHandler absent() {
    return request -> HttpResponse.notFound();
  }

}

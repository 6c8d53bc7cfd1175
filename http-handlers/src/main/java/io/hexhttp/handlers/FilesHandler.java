package io.hexhttp.handlers;

import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.FileInfo;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FilePath;
import io.hexhttp.core.port.FileStore;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /files/{name}} over a {@link FileStore}. {@link #read()} serves a stored file as {@code
 * application/octet-stream} (404 if absent) with {@code ETag}, {@code Last-Modified}, conditional
 * GET and HEAD (304, 412) and byte ranges (206, 416). {@link #write()} stores the request body and
 * answers 201 with the new version's {@code ETag}, honouring {@code If-None-Match: *} (create only)
 * and {@code If-Match} (replace only that version) with 412: checked before the body is read, and
 * again, atomically with the replacement, by the store. A name that is not a valid {@link FileName}
 * ({@code ..}, slashes, NUL, ...) is refused with 400 before the store is touched.
 */
public final class FilesHandler {
  /** The path parameter the routes bind. */
  public static final String PARAM = "name";

  private static final Headers OCTET_STREAM = Headers.of("Content-Type", MediaTypes.OCTET_STREAM);
  private static final int MAX_RANGES = 16;

  private final FileStore store;

  /**
   * Files kept in {@code store}.
   *
   * @param store where the files are
   */
  public FilesHandler(FileStore store) {
    this.store = Objects.requireNonNull(store);
  }

  /**
   * The GET (and HEAD) handler.
   *
   * @return the handler
   */
  public HttpHandler read() {
    return request -> {
      FilePath path = FilePath.of(name(request));
      Optional<FileInfo> info = store.info(path);
      if (info.isEmpty() || info.get().directory()) {
        return HttpResponse.notFound();
      }
      return FileResponses.serve(request, store, path, info.get(), OCTET_STREAM, MAX_RANGES);
    };
  }

  /**
   * The POST (and PUT) handler.
   *
   * @return the handler
   */
  public HttpHandler write() {
    return request -> {
      FileName name = name(request);
      FileStore.WritePrecondition precondition = current -> holds(request, current);
      if (!precondition.test(store.info(FilePath.of(name)))) {
        return FileResponses.preconditionFailed(); // before a byte of the body is read
      }
      Optional<FileInfo> stored;
      try (InputStream in = request.body().stream()) {
        stored = store.write(name, in, precondition);
      }
      return stored
          .map(info -> HttpResponse.of(Status.CREATED).withHeader("ETag", info.etag()))
          .orElseGet(FileResponses::preconditionFailed);
    };
  }

  private static boolean holds(HttpRequest request, Optional<FileInfo> current) {
    Optional<FileInfo> file = current.filter(i -> !i.directory());
    return Preconditions.evaluate(
            request,
            file.map(FileInfo::etag).orElse(null),
            file.map(FileInfo::lastModified).orElse(-1L))
        == Preconditions.Outcome.PROCEED;
  }

  private static FileName name(HttpRequest request) {
    return FileName.parse(request.pathParam(PARAM))
        .orElseThrow(() -> HttpException.badRequest("not a valid file name"));
  }

  /**
   * Handlers for a store that is not configured: every request is 404.
   *
   * @return the handler
   */
  public static HttpHandler absent() {
    return request -> HttpResponse.notFound();
  }
}

package io.hexhttp.handlers;

import io.hexhttp.core.Body;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpDate;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.FileInfo;
import io.hexhttp.core.port.FilePath;
import io.hexhttp.core.port.FileStore;
import io.hexhttp.core.port.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers GET and HEAD for one stored file the way browsers and caches expect: validators on every
 * 200, 206 and 304, conditional requests (RFC 9110 §13.2.2), byte ranges (§14) with {@code
 * If-Range}, and no file opened unless its content is sent.
 */
final class FileResponses {
  private static final String CRLF = "\r\n";

  private FileResponses() {}

  /**
   * The answer to a GET or HEAD for the file at {@code path}, whose info is {@code info}.
   *
   * @param headers what every answer about it carries besides the validators: {@code Content-Type},
   *     {@code Cache-Control}, {@code Vary}, {@code Content-Encoding}
   */
  static HttpResponse serve(
      HttpRequest request,
      FileStore store,
      FilePath path,
      FileInfo info,
      Headers headers,
      int maxRanges)
      throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      Preconditions.Outcome outcome =
          Preconditions.evaluate(request, info.etag(), info.lastModified());
      if (outcome == Preconditions.Outcome.PRECONDITION_FAILED) {
        return preconditionFailed();
      }
      Headers validators = validators(headers, info);
      if (outcome == Preconditions.Outcome.NOT_MODIFIED) {
        // RFC 9110 §15.4.5: the fields a 200 would carry that caches need, no content; the length
        // is the one a 200 would carry
        return HttpResponse.of(
            Status.NOT_MODIFIED, validators.without("Content-Type"), Body.unsent(info.length()));
      }
      if (request.method().equals(Method.HEAD)) {
        return HttpResponse.of(Status.OK, validators, Body.unsent(info.length()));
      }
      ByteRanges.Result ranges =
          Preconditions.rangeApplies(request, info.etag(), info.lastModified())
              ? ByteRanges.resolve(request.headers().firstOrNull("Range"), info.length(), maxRanges)
              : ByteRanges.resolve(null, info.length(), maxRanges);
      if (ranges.kind() == ByteRanges.Kind.UNSATISFIABLE) {
        return HttpResponse.of(
            Status.RANGE_NOT_SATISFIABLE,
            Headers.of(
                "Content-Range", "bytes */" + info.length(),
                "Accept-Ranges", "bytes",
                "Content-Type", "text/plain; charset=utf-8"),
            Body.of("416 Range Not Satisfiable: the file has " + info.length() + " bytes\n"));
      }
      Optional<StoredFile> opened = store.open(path);
      if (opened.isEmpty()) {
        return HttpResponse.notFound();
      }
      StoredFile file = opened.get();
      if (!file.info().etag().equals(info.etag())) {
        discard(file.body()); // replaced since its info was read: decide again on the new version
        info = file.info();
        continue;
      }
      return switch (ranges.kind()) {
        case PARTIAL -> partial(validators, file.body(), info.length(), ranges.ranges());
        default -> HttpResponse.of(Status.OK, validators, file.body());
      };
    }
    throw new IOException("the file kept changing while it was served: " + path);
  }

  /** The answer to a precondition that failed. */
  static HttpResponse preconditionFailed() {
    return HttpResponse.of(Status.PRECONDITION_FAILED)
        .withHeader("Content-Type", "text/plain; charset=utf-8")
        .withBody(Body.of("412 Precondition Failed\n"));
  }

  /** {@code headers} with {@code ETag}, {@code Last-Modified} and {@code Accept-Ranges}. */
  static Headers validators(Headers headers, FileInfo info) {
    return headers
        .with("ETag", info.etag())
        .with("Last-Modified", HttpDate.format(info.lastModified()))
        .with("Accept-Ranges", "bytes");
  }

  private static HttpResponse partial(
      Headers headers, Body body, long length, List<ByteRanges.Range> ranges) {
    if (ranges.size() == 1) {
      ByteRanges.Range r = ranges.get(0);
      return HttpResponse.of(
          Status.PARTIAL_CONTENT,
          headers.with("Content-Range", r.contentRange(length)),
          body.range(r.first(), r.length()));
    }
    // multipart/byteranges (RFC 9110 §14.6): each part with its own Content-Type and Content-Range
    String boundary =
        Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
            + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    String type = headers.firstOrNull("Content-Type");
    List<Body> parts = new ArrayList<>();
    for (ByteRanges.Range r : ranges) {
      String head =
          CRLF
              + "--"
              + boundary
              + CRLF
              + (type == null ? "" : "Content-Type: " + type + CRLF)
              + "Content-Range: "
              + r.contentRange(length)
              + CRLF
              + CRLF;
      parts.add(Body.of(head.getBytes(StandardCharsets.ISO_8859_1)));
      parts.add(body.range(r.first(), r.length()));
    }
    parts.add(
        Body.of((CRLF + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.ISO_8859_1)));
    return HttpResponse.of(
        Status.PARTIAL_CONTENT,
        headers
            .without("Content-Type")
            .with("Content-Type", "multipart/byteranges; boundary=" + boundary),
        Body.concat(parts));
  }

  /** Closes a body that will not be sent (for a file: lets go of it). */
  static void discard(Body body) throws IOException {
    try (InputStream in = body.stream()) {
      // opened only to be closed
    }
  }
}

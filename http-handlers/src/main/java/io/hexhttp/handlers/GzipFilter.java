package io.hexhttp.handlers;

import io.hexhttp.core.Body;
import io.hexhttp.core.Filter;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Content coding as a decorator around any handler: when the request's {@code Accept-Encoding}
 * accepts gzip, a response body of at least {@code minimumSize} bytes is sent gzip-coded with
 * {@code Content-Encoding: gzip}. A body held in memory is compressed at once, so its compressed
 * length is known; a streamed body (a file) is compressed as it is written, without a length.
 * Responses that could have been coded carry {@code Vary: Accept-Encoding}.
 */
public final class GzipFilter implements Filter {
  private final long minimumSize;
  private final GzipCoder coder =
      new GzipCoder(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
  // the last header set given a Vary, and the result: handlers mostly answer with a few constant
  // header sets, so most responses skip the copy. Racy on purpose: a record is safely published.
  private Varied lastVaried;

  private record Varied(Headers in, Headers out) {}

  /** Compresses every non-empty body. */
  public GzipFilter() {
    this(1);
  }

  /** Compresses bodies of at least {@code minimumSize} bytes (bodies of unknown size always). */
  public GzipFilter(long minimumSize) {
    this.minimumSize = Math.max(1, minimumSize);
  }

  @Override
  public HttpResponse filter(HttpRequest request, HttpHandler next) throws IOException {
    HttpResponse response = next.handle(request);
    Body body = response.body();
    long length = body.length();
    if (response.status().forbidsContent()
        || length == 0
        || response.headers().contains("Content-Encoding")) {
      return response;
    }
    HttpResponse varied = withVary(response);
    if ((length >= 0 && length < minimumSize)
        || !AcceptEncoding.accepts(request.headers(), "gzip")) {
      return varied;
    }
    Body coded =
        body instanceof Body.BytesBody bytes
            ? Body.BytesBody.wrap(coder.encode(bytes))
            : streaming(body);
    return varied.withBody(coded).withHeader("Content-Encoding", "gzip");
  }

  private HttpResponse withVary(HttpResponse response) {
    Headers headers = response.headers();
    Varied last = lastVaried;
    if (last != null && last.in == headers) {
      return response.withHeaders(last.out);
    }
    if (headers.hasElement("Vary", "Accept-Encoding") || headers.hasElement("Vary", "*")) {
      return response;
    }
    Headers varied = headers.with("Vary", "Accept-Encoding");
    lastVaried = new Varied(headers, varied);
    return response.withHeaders(varied);
  }

  /** A body that gzips {@code source} while it is written; its length is unknown. */
  static Body streaming(Body source) {
    return new Body() {
      @Override
      public long length() {
        return -1;
      }

      @Override
      public InputStream stream() throws IOException {
        // for readers that pull (tests, other filters): compress into memory
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTo(out);
        return new java.io.ByteArrayInputStream(out.toByteArray());
      }

      @Override
      public void writeTo(OutputStream sink) throws IOException {
        // keep the sink open: the connection goes on after this body
        OutputStream shield = new FilterOutputStream(sink) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        };
        try (GZIPOutputStream gzip = new GZIPOutputStream(shield, 64 * 1024)) {
          source.writeTo(gzip);
        }
      }
    };
  }
}

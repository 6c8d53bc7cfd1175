package io.hexhttp.handlers;

import io.hexhttp.core.Body;
import io.hexhttp.core.Filter;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/**
 * Content coding as a decorator around any handler: when the request's {@code Accept-Encoding}
 * accepts gzip, a response body worth compressing is sent gzip-coded with {@code Content-Encoding:
 * gzip}, and never made worse:
 *
 * <ul>
 *   <li>not coded: 206 answers (their ranges are of the identity body), bodies that already have a
 *       {@code Content-Encoding}, types that are compressed already or opaque ({@link
 *       MediaTypes#compressible}: images other than SVG, audio, video, archives, woff2, {@code
 *       application/octet-stream}), and bodies below the minimum size (256 bytes by default);
 *   <li>a body held in memory is compressed at once, so its compressed length is known; a streamed
 *       body is compressed as it is written, and each flush of the handler's (an SSE event) goes
 *       out at once, through the compressor;
 *   <li>the coded variant gets its own entity tag, the handler's with {@value #ETAG_SUFFIX} inside
 *       the quotes, so caches never mix the variants; conditional requests naming it reach the
 *       handler with the handler's own tag, and a 304 goes back with the variant's;
 *   <li>answers that could have been coded carry {@code Vary: Accept-Encoding}.
 * </ul>
 */
public final class GzipFilter implements Filter {
  /** What the gzip variant's entity tag adds to the handler's, inside the quotes. */
  public static final String ETAG_SUFFIX = "--gzip";

  private static final String[] CONDITIONS = {"If-None-Match", "If-Match", "If-Range"};

  private final long minimumSize;
  private final Predicate<String> compressible;
  private final GzipCoder coder =
      new GzipCoder(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

  /**
   * Compresses bodies of at least 256 bytes, of the types {@link MediaTypes#compressible} names.
   */
  public GzipFilter() {
    this(256);
  }

  /**
   * Compresses bodies of at least {@code minimumSize} bytes (bodies of unknown size always), of the
   * types {@link MediaTypes#compressible} names.
   *
   * @param minimumSize the smallest body worth compressing; 0 compresses every non-empty body
   */
  public GzipFilter(long minimumSize) {
    this(minimumSize, MediaTypes::compressible);
  }

  /**
   * Compresses bodies of at least {@code minimumSize} bytes whose {@code Content-Type} (null when
   * absent) {@code compressible} accepts.
   *
   * @param minimumSize the smallest body worth compressing; 0 compresses every non-empty body
   * @param compressible which content types to compress
   */
  public GzipFilter(long minimumSize, Predicate<String> compressible) {
    this.minimumSize = Math.max(1, minimumSize);
    this.compressible = Objects.requireNonNull(compressible);
  }

  @Override
  public HttpResponse filter(HttpRequest request, HttpHandler next) throws IOException {
    boolean askedForVariant = false;
    if (conditional(request.headers())) {
      for (String field : CONDITIONS) {
        String v = request.headers().firstOrNull(field);
        if (v != null && v.contains(ETAG_SUFFIX + "\"")) {
          request =
              request.withHeaders(
                  request.headers().withReplaced(field, v.replace(ETAG_SUFFIX + "\"", "\"")));
          askedForVariant = true;
        }
      }
    }
    HttpResponse response = next.handle(request);
    Status status = response.status();
    if (status.code() == 304) {
      // the validator the client holds is the gzip variant's: answer with that variant's tag
      String etag = response.header("ETag");
      if (askedForVariant && etag != null && AcceptEncoding.accepts(request.headers(), "gzip")) {
        // the coded variant's 200 has no Content-Length (it streams): neither has its 304
        return withVary(response.withHeaderReplaced("ETag", variant(etag)).withBody(Body.empty()));
      }
      return response;
    }
    Body body = response.body();
    long length = body.length();
    if (status.forbidsContent() || status.equals(Status.PARTIAL_CONTENT) || length == 0) {
      return response;
    }
    // the fields the decisions below read, in one pass (every answer comes through here)
    Headers headers = response.headers();
    String type = null;
    boolean varies = false;
    for (int i = 0, n = headers.size(); i < n; i++) {
      String name = headers.name(i);
      if (name.equalsIgnoreCase("Content-Encoding")) {
        return response;
      } else if (type == null && name.equalsIgnoreCase("Content-Type")) {
        type = headers.value(i);
      } else if (name.equalsIgnoreCase("Vary")) {
        varies = true;
      }
    }
    if (!compressible.test(type)) {
      return response;
    }
    HttpResponse varied = varies ? withVary(response) : varied(response);
    if ((length >= 0 && length < minimumSize)
        || !AcceptEncoding.accepts(request.headers(), "gzip")) {
      return varied;
    }
    Body coded =
        body instanceof Body.BytesBody bytes
            ? Body.BytesBody.wrap(coder.encode(bytes))
            : streaming(body);
    HttpResponse out = varied.withBody(coded).withHeader("Content-Encoding", "gzip");
    String etag = response.header("ETag");
    return etag == null ? out : out.withHeaderReplaced("ETag", variant(etag));
  }

  /** {@code "x"} → {@code "x--gzip"}, {@code W/"x"} → {@code W/"x--gzip"}. */
  static String variant(String etag) {
    return etag.endsWith("\"") && !etag.endsWith(ETAG_SUFFIX + "\"")
        ? etag.substring(0, etag.length() - 1) + ETAG_SUFFIX + "\""
        : etag;
  }

  /**
   * {@code response} saying that it varies with {@code Accept-Encoding} (the filter keeps no state:
   * it is shared by every loop; a constant header set keeps the set derived from it, {@link
   * Headers#with}).
   */
  private static HttpResponse withVary(HttpResponse response) {
    Headers headers = response.headers();
    if (headers.hasElement("Vary", "Accept-Encoding") || headers.hasElement("Vary", "*")) {
      return response;
    }
    return varied(response);
  }

  /** {@code response}, which has no {@code Vary}, with {@code Vary: Accept-Encoding}. */
  private static HttpResponse varied(HttpResponse response) {
    return response.withHeaders(response.headers().with("Vary", "Accept-Encoding"));
  }

  /**
   * Whether {@code headers} may hold a condition naming an entity tag: a field whose name begins
   * with {@code If-} (one pass, where looking each condition up would take three).
   */
  private static boolean conditional(Headers headers) {
    for (int i = 0, n = headers.size(); i < n; i++) {
      if (headers.name(i).regionMatches(true, 0, "If-", 0, 3)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A body that gzips {@code source} while it is written; its length is unknown. A flush of the
   * source's flushes the compressor, so what was written so far reaches the client at once.
   */
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
        return new ByteArrayInputStream(out.toByteArray());
      }

      @Override
      public void close() throws IOException {
        source.close();
      }

      @Override
      public void writeTo(OutputStream sink) throws IOException {
        // keep the sink open: the connection goes on after this body
        OutputStream shield =
            new FilterOutputStream(sink) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
              }

              @Override
              public void close() throws IOException {
                flush();
              }
            };
        try (GZIPOutputStream gzip = new GZIPOutputStream(shield, 64 * 1024, true)) {
          source.writeTo(gzip);
        }
      }
    };
  }
}

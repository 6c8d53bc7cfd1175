package io.hexhttp.handlers;

import io.hexhttp.core.Body;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.PercentEncoding;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.FileInfo;
import io.hexhttp.core.port.FileName;
import io.hexhttp.core.port.FilePath;
import io.hexhttp.core.port.FileStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves a tree of static files the way browsers and caches expect: {@code Content-Type} from the
 * name, a strong {@code ETag} and {@code Last-Modified} on every 200, 206 and 304, conditional
 * requests, byte ranges (one, or several as {@code multipart/byteranges}), a configurable {@code
 * Cache-Control}, and precompressed siblings ({@code app.js.br}, {@code app.js.gz}) for clients
 * that accept them, with {@code Vary: Accept-Encoding}.
 *
 * <pre>{@code
 * HttpHandler site = StaticFiles.builder(new DirectoryFileStore(Path.of("public")))
 *     .cacheControl("no-cache").build();
 * Router.builder().get("/{path*}", site)...
 * }</pre>
 *
 * <p>The file's path is the route's {@value #PARAM} parameter, or the request's whole path when the
 * route binds none. Every segment must be a valid {@link FileName} (no {@code ..}, no empty
 * segment, no NUL); a request whose path encodes a slash or backslash ({@code %2F}, {@code %5C}) is
 * not served; hidden names (starting with a dot) are refused unless allowed; a folder is answered
 * with its {@code index.html} (a request for it without the trailing slash is redirected to it, so
 * that relative links resolve), and listed only when listings are on. Symbolic links out of the
 * tree are the store's to refuse. Anything refused is a plain 404, so nothing tells what exists.
 */
public final class StaticFiles implements HttpHandler {
  /** The path parameter holding the file's path, relative to the tree's root. */
  public static final String PARAM = "path";

  private final FileStore store;
  private final MediaTypes types;
  private final String cacheControl;
  private final FileName index;
  private final boolean listings;
  private final boolean hidden;
  private final boolean precompressed;
  private final int maxRanges;

  private StaticFiles(Builder b) {
    this.store = b.store;
    this.types = b.types;
    this.cacheControl = b.cacheControl;
    this.index = b.index;
    this.listings = b.listings;
    this.hidden = b.hidden;
    this.precompressed = b.precompressed;
    this.maxRanges = b.maxRanges;
  }

  /**
   * A builder for a handler over {@code store}.
   *
   * @param store the tree to serve
   * @return the builder, with the defaults: the common types, no {@code Cache-Control}, {@code
   *     index.html}, no listings, no hidden files, precompressed siblings on, at most 16 ranges
   */
  public static Builder builder(FileStore store) {
    return new Builder(store);
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    Method method = request.method();
    if (!method.equals(Method.GET) && !method.equals(Method.HEAD)) {
      return HttpResponse.of(Status.METHOD_NOT_ALLOWED).withHeader("Allow", "GET, HEAD");
    }
    String raw = request.path().toUpperCase(Locale.ROOT);
    if (raw.contains("%2F") || raw.contains("%5C") || raw.contains("%00")) {
      return HttpResponse.notFound();
    }
    String relative = request.pathParams().get(PARAM);
    if (relative == null) {
      relative = PercentEncoding.decode(request.path().substring(1));
    }
    boolean slash = relative.endsWith("/") || relative.isEmpty();
    String trimmed =
        relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
    Optional<FilePath> parsed = FilePath.parse(trimmed);
    if (parsed.isEmpty() || (!hidden && isHidden(parsed.get()))) {
      return HttpResponse.notFound();
    }
    FilePath path = parsed.get();
    Optional<FileInfo> info = store.info(path);
    if (info.isEmpty()) {
      return HttpResponse.notFound();
    }
    if (info.get().directory()) {
      if (!slash) {
        String location = request.path() + "/" + (request.query().map(q -> "?" + q).orElse(""));
        return HttpResponse.of(Status.MOVED_PERMANENTLY).withHeader("Location", location);
      }
      FilePath indexPath = path.resolve(index);
      Optional<FileInfo> indexInfo = store.info(indexPath);
      if (indexInfo.isPresent() && !indexInfo.get().directory()) {
        return file(request, indexPath, indexInfo.get());
      }
      return listings ? listing(request, path) : HttpResponse.notFound();
    }
    if (slash) {
      return HttpResponse.notFound(); // a file asked for as a folder
    }
    return file(request, path, info.get());
  }

  private static boolean isHidden(FilePath path) {
    for (FileName name : path.segments()) {
      if (name.value().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private HttpResponse file(HttpRequest request, FilePath path, FileInfo info) throws IOException {
    String name = path.name().value();
    String type = types.of(name);
    Headers headers = Headers.of("Content-Type", type);
    if (cacheControl != null) {
      headers = headers.with("Cache-Control", cacheControl);
    }
    if (precompressed) {
      headers = headers.with("Vary", "Accept-Encoding");
      for (String[] coding : new String[][] {{"br", ".br"}, {"gzip", ".gz"}}) {
        if (!AcceptEncoding.accepts(request.headers(), coding[0])) {
          continue;
        }
        FilePath sibling = siblingOf(path, name + coding[1]);
        Optional<FileInfo> coded = sibling == null ? Optional.empty() : store.info(sibling);
        if (coded.isPresent() && !coded.get().directory()) {
          return FileResponses.serve(
              request,
              store,
              sibling,
              coded.get(),
              headers.with("Content-Encoding", coding[0]),
              maxRanges);
        }
      }
    }
    return FileResponses.serve(request, store, path, info, headers, maxRanges);
  }

  private static FilePath siblingOf(FilePath path, String name) {
    List<FileName> segments = path.segments();
    return FileName.parse(name)
        .map(n -> new FilePath(segments.subList(0, segments.size() - 1)).resolve(n))
        .orElse(null);
  }

  private HttpResponse listing(HttpRequest request, FilePath dir) throws IOException {
    Optional<List<String>> names = store.list(dir);
    if (names.isEmpty()) {
      return HttpResponse.notFound();
    }
    String title = escape(request.path());
    StringBuilder html =
        new StringBuilder(256)
            .append("<!doctype html>\n<meta charset=\"utf-8\">\n<title>Index of ")
            .append(title)
            .append("</title>\n<h1>Index of ")
            .append(title)
            .append("</h1>\n<ul>\n");
    if (!dir.isRoot()) {
      html.append("<li><a href=\"../\">../</a></li>\n");
    }
    for (String name : names.get()) {
      if (!hidden && name.startsWith(".")) {
        continue;
      }
      html.append("<li><a href=\"")
          .append(escape(encode(name)))
          .append("\">")
          .append(escape(name))
          .append("</a></li>\n");
    }
    html.append("</ul>\n");
    HttpResponse r =
        HttpResponse.of(Status.OK)
            .withHeader("Content-Type", "text/html; charset=utf-8")
            .withBody(Body.of(html.toString()));
    return request.method().equals(Method.HEAD) ? r.withBody(Body.unsent(r.body().length())) : r;
  }

  /** Percent-encodes what a path segment cannot hold as is (a trailing slash is kept). */
  private static String encode(String name) {
    StringBuilder b = new StringBuilder();
    for (byte c : name.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xff;
      if ((u >= 'a' && u <= 'z')
          || (u >= 'A' && u <= 'Z')
          || (u >= '0' && u <= '9')
          || "-._~/".indexOf(u) >= 0) {
        b.append((char) u);
      } else {
        b.append('%')
            .append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(u & 15, 16)));
      }
    }
    return b.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** Configures a {@link StaticFiles}. */
  public static final class Builder {
    private final FileStore store;
    private MediaTypes types = MediaTypes.DEFAULT;
    private String cacheControl;
    private FileName index = new FileName("index.html");
    private boolean listings;
    private boolean hidden;
    private boolean precompressed = true;
    private int maxRanges = 16;

    private Builder(FileStore store) {
      this.store = Objects.requireNonNull(store);
    }

    /**
     * The table of content types.
     *
     * @param types e.g. {@code MediaTypes.DEFAULT.with("md", "text/markdown; charset=utf-8")}
     * @return this builder
     */
    public Builder mediaTypes(MediaTypes types) {
      this.types = Objects.requireNonNull(types);
      return this;
    }

    /**
     * The {@code Cache-Control} every file is served with.
     *
     * @param value e.g. {@code "no-cache"} (revalidate each time) or {@code "max-age=31536000,
     *     immutable"} (fingerprinted assets); null for none
     * @return this builder
     */
    public Builder cacheControl(String value) {
      this.cacheControl = value;
      return this;
    }

    /**
     * The file a folder is answered with.
     *
     * @param name e.g. {@code index.html}
     * @return this builder
     */
    public Builder index(String name) {
      this.index = new FileName(name);
      return this;
    }

    /**
     * Whether a folder without an index is answered with a listing of its names.
     *
     * @param on true to list
     * @return this builder
     */
    public Builder listings(boolean on) {
      this.listings = on;
      return this;
    }

    /**
     * Whether names starting with a dot are served.
     *
     * @param on true to serve them
     * @return this builder
     */
    public Builder hidden(boolean on) {
      this.hidden = on;
      return this;
    }

    /**
     * Whether {@code name.br} and {@code name.gz} are served in place of {@code name} to clients
     * that accept those codings.
     *
     * @param on true to look for them
     * @return this builder
     */
    public Builder precompressed(boolean on) {
      this.precompressed = on;
      return this;
    }

    /**
     * How many ranges one request may ask for; more are answered with the whole file.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxRanges(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxRanges must be positive");
      }
      this.maxRanges = max;
      return this;
    }

    /**
     * The handler.
     *
     * @return a handler for GET and HEAD
     */
    public StaticFiles build() {
      return new StaticFiles(this);
    }
  }
}

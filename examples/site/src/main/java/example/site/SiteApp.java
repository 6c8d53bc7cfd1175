package example.site;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.routing.Router;
import io.hexhttp.handlers.AccessLogFilter;
import io.hexhttp.handlers.GzipFilter;
import io.hexhttp.handlers.StaticFiles;
import io.hexhttp.transport.DirectoryFileStore;
import io.hexhttp.transport.HttpServer;
import io.hexhttp.transport.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * A static site with a JSON API: the pages, styles and scripts in a folder, served with content
 * types, validators and revalidation ({@code Cache-Control: no-cache}), gzip for the text, and
 * {@code GET /api/greeting}.
 */
public final class SiteApp {
  private SiteApp() {}

  /** The application: the API, then the files. */
  public static HttpHandler app(Path publicDir, Consumer<String> accessLog) throws IOException {
    StaticFiles files =
        StaticFiles.builder(new DirectoryFileStore(publicDir)).cacheControl("no-cache").build();
    HttpHandler routes =
        Router.builder()
            .get("/api/greeting", request ->
                HttpResponse.text("{\"greeting\":\"Hello from hexhttp\"}")
                    .withHeaderReplaced("Content-Type", "application/json"))
            .get("/", files)
            .get("/{" + StaticFiles.PARAM + "*}", files)
            .build();
    return new AccessLogFilter(accessLog, Clock.systemUTC()).andThen(new GzipFilter()).wrap(routes);
  }

  /** Starts the site on {@code port} (0 for any free one). */
  public static HttpServer start(Path publicDir, int port, Consumer<String> accessLog) throws IOException {
    return HttpServer.start(app(publicDir, accessLog), ServerConfig.builder().port(port).build());
  }

  /** {@code java example.site.SiteApp [DIR] [PORT]}: serves DIR (default {@code public}). */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "public");
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
    HttpServer server = start(dir, port, System.out::println);
    System.out.println("site on http://localhost:" + server.port() + "/");
  }
}

package example.echo;

import io.hexhttp.core.Body;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import io.hexhttp.transport.HttpServer;
import io.hexhttp.transport.ServerConfig;
import java.io.IOException;

/**
 * A conformance subject: every method on every path answers 200 with the request body as the
 * response body, except {@code GET /headers}, which lists the request's header lines.
 */
public final class EchoApp {
  private EchoApp() {}

  /** The application. */
  public static HttpHandler handler() {
    return request -> {
      if (request.method().name().equals("GET") && request.path().equals("/headers")) {
        StringBuilder lines = new StringBuilder();
        Headers h = request.headers();
        for (int i = 0; i < h.size(); i++) {
          lines.append(h.name(i)).append(": ").append(h.value(i)).append("\r\n");
        }
        return HttpResponse.text(lines.toString());
      }
      byte[] content = request.body().bytes();
      return HttpResponse.of(Status.OK, Headers.of("Content-Type", "application/octet-stream"), Body.of(content));
    };
  }

  /** Starts the server on the given port (0 for any free one). */
  public static HttpServer start(int port) throws IOException {
    return HttpServer.start(handler(), ServerConfig.builder().port(port).build());
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    HttpServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
    System.out.println("echo example on http://localhost:" + server.port() + "/");
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}

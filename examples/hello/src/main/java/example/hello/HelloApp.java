package example.hello;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.routing.Router;
import io.hexhttp.transport.HttpServer;
import io.hexhttp.transport.ServerConfig;
import java.io.IOException;

/** A custom route with a path parameter, served by hexhttp. */
public final class HelloApp {
  private HelloApp() {}

  /** The application: a routing table. */
  public static HttpHandler handler() {
    return Router.builder()
        .get("/hello/{name}", request -> HttpResponse.text("Hello, " + request.pathParam("name") + "!"))
        .build();
  }

  /** Starts the server on the given port (0 for any free one). */
  public static HttpServer start(int port) throws IOException {
    return HttpServer.start(handler(), ServerConfig.builder().port(port).build());
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    HttpServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
    System.out.println("hello example on http://localhost:" + server.port() + "/hello/world");
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}

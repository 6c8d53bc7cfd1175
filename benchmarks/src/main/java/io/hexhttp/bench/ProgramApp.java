package io.hexhttp.bench;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.Method;
import io.hexhttp.core.http1.Http1Config;
import io.hexhttp.core.routing.Router;
import io.hexhttp.handlers.EchoHandler;
import io.hexhttp.handlers.GzipFilter;
import io.hexhttp.handlers.RootHandler;
import io.hexhttp.handlers.UserAgentHandler;

/**
 * The program's application as http-cli wires it (its routes behind a {@link GzipFilter}, all but
 * POST run on the loop), without the file routes, and its engine's configuration: what {@link
 * EngineBenchmark} and benchmarks/nio/NativeHex.java drive.
 */
public final class ProgramApp {
  private ProgramApp() {}

  /** The routes behind the gzip filter, as {@code AdaptersModule} builds them. */
  public static HttpHandler application() {
    return HttpHandler.nonBlocking(
        new GzipFilter(0)
            .wrap(
                Router.builder()
                    .get("/", new RootHandler())
                    .get("/echo/{" + EchoHandler.PARAM + "*}", new EchoHandler())
                    .get("/user-agent", new UserAgentHandler())
                    .build()),
        request -> !request.method().equals(Method.POST));
  }

  /**
   * The engine's defaults, with or without a Date header.
   *
   * @param date false as the program runs (its clients' behaviour); true as the library's default
   */
  public static Http1Config config(boolean date) {
    Http1Config d = Http1Config.DEFAULT;
    return new Http1Config(
        d.limits(),
        d.compliance(),
        date,
        d.idleTimeout(),
        d.headTimeout(),
        d.minBodyRate(),
        d.bodyGrace(),
        d.writeTimeout(),
        d.drainLimit(),
        d.trustedProxies());
  }
}

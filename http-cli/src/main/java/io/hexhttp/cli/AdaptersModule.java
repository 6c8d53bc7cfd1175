package io.hexhttp.cli;

import dagger.Module;
import dagger.Provides;
import io.hexhttp.core.Filter;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.Method;
import io.hexhttp.core.port.ServerObserver;
import io.hexhttp.core.routing.Router;
import io.hexhttp.handlers.AccessLogFilter;
import io.hexhttp.handlers.FilesHandler;
import io.hexhttp.handlers.GzipFilter;
import io.hexhttp.handlers.Health;
import io.hexhttp.handlers.Metrics;
import io.hexhttp.transport.DirectoryFileStore;
import io.hexhttp.transport.ServerConfig;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The adapters behind the ports, the filters, operations, and the server's configuration. */
@Module
interface AdaptersModule {
  @Provides
  @Singleton
  static Optional<FilesHandler> files(CliConfig config) {
    return config
        .directory()
        .map(
            dir -> {
              try {
                return new FilesHandler(new DirectoryFileStore(dir));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Provides
  @Singleton
  static Optional<Health> health(CliConfig config) {
    return config.healthPath().map(path -> new Health());
  }

  @Provides
  @Singleton
  static Optional<Metrics> metrics(CliConfig config) {
    return config.metricsPath().map(path -> new Metrics());
  }

  @Provides
  @Singleton
  static ServerObserver observer(
      Optional<Health> health, Optional<Metrics> metrics, CliConfig config) {
    List<ServerObserver> all = new ArrayList<>(3);
    health.ifPresent(all::add);
    metrics.ifPresent(all::add);
    // the access log hears of each exchange from the transport: the bytes actually written
    // (after gzip), the latency, and the client's address from a trusted proxy
    config.accessLog().ifPresent(format -> all.add(new AccessLogFilter(format).observer()));
    return ServerObserver.all(all.toArray(ServerObserver[]::new));
  }

  @Provides
  @Singleton
  @Named("application")
  static HttpHandler application(
      Map<String, HttpHandler> routes,
      CliConfig config,
      Optional<Health> health,
      Optional<Metrics> metrics) {
    Router.Builder router = Router.builder().routes(routes);
    health.ifPresent(h -> router.get(config.healthPath().orElseThrow(), h.handler()));
    metrics.ifPresent(m -> router.get(config.metricsPath().orElseThrow(), m.handler()));
    Filter gzip = new GzipFilter(0); // its clients expect even GET /echo/abc gzip-coded
    // Every route but a POST answers from the request and memory, or opens a file and hands it to
    // the transport to send: the event loop runs those inline. A POST stores a file (and syncs
    // it to the disk), so it runs on a virtual thread.
    return HttpHandler.nonBlocking(
        gzip.wrap(router.build()), request -> !request.method().equals(Method.POST));
  }

  @Provides
  @Singleton
  static ServerConfig serverConfig(CliConfig config) {
    return ServerConfig.builder()
        .port(config.port())
        .strict(config.strict())
        .sendDate(config.sendDate())
        .reusePort(config.reusePort())
        .transport(config.transport())
        .drainDelay(config.drainDelay())
        .trustedProxies(config.trustedProxies())
        .build();
  }
}

package io.hexhttp.cli;

import dagger.Module;
import dagger.Provides;
import io.hexhttp.core.Filter;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.routing.Router;
import io.hexhttp.handlers.AccessLogFilter;
import io.hexhttp.handlers.FilesHandler;
import io.hexhttp.handlers.GzipFilter;
import io.hexhttp.transport.DirectoryFileStore;
import io.hexhttp.transport.ServerConfig;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** The adapters behind the ports, the filters, and the server's configuration. */
@Module
interface AdaptersModule {
  @Provides
  @Singleton
  static Optional<FilesHandler> files(CliConfig config) {
    return config.directory().map(dir -> {
      try {
        return new FilesHandler(new DirectoryFileStore(dir));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Provides
  @Singleton
  @Named("application")
  static HttpHandler application(Map<String, HttpHandler> routes, CliConfig config) {
    Filter filters = new GzipFilter();
    if (config.accessLog()) {
      filters = new AccessLogFilter().andThen(filters);
    }
    return filters.wrap(Router.builder().routes(routes).build());
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
        .build();
  }
}

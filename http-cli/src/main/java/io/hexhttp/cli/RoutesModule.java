package io.hexhttp.cli;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.handlers.EchoHandler;
import io.hexhttp.handlers.FilesHandler;
import io.hexhttp.handlers.RootHandler;
import io.hexhttp.handlers.UserAgentHandler;
import java.util.Optional;

/**
 * The product's routes, as a map multibinding from {@code "METHOD /pattern"} to handler: a
 * duplicate key fails the build.
 */
@Module
interface RoutesModule {
  @Provides
  @IntoMap
  @StringKey("GET /")
  static HttpHandler root() {
    return new RootHandler();
  }

  @Provides
  @IntoMap
  @StringKey("GET /echo/{" + EchoHandler.PARAM + "*}")
  static HttpHandler echo() {
    return new EchoHandler();
  }

  @Provides
  @IntoMap
  @StringKey("GET /user-agent")
  static HttpHandler userAgent() {
    return new UserAgentHandler();
  }

  @Provides
  @IntoMap
  @StringKey("GET /files/{" + FilesHandler.PARAM + "}")
  static HttpHandler readFile(Optional<FilesHandler> files) {
    return files.map(FilesHandler::read).orElseGet(FilesHandler::absent);
  }

  @Provides
  @IntoMap
  @StringKey("POST /files/{" + FilesHandler.PARAM + "}")
  static HttpHandler writeFile(Optional<FilesHandler> files) {
    return files.map(FilesHandler::write).orElseGet(FilesHandler::absent);
  }
}

package io.hexhttp.cli;

import dagger.BindsInstance;
import dagger.Component;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.port.ServerObserver;
import io.hexhttp.transport.ServerConfig;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The object graph: the command line goes in, the application and its configuration come out. */
@Singleton
@Component(modules = {RoutesModule.class, AdaptersModule.class})
public interface ServerComponent {
  /** The whole application: routes, wrapped in the filters. */
  @Named("application")
  HttpHandler application();

  /** The server's configuration. */
  ServerConfig serverConfig();

  /** What the server reports to: the readiness check and the metrics, when asked for. */
  ServerObserver observer();

  /** Creates the component from the command line's configuration. */
  @Component.Factory
  interface Factory {
    ServerComponent create(@BindsInstance CliConfig config);
  }

  /** The graph for {@code config}. */
  static ServerComponent of(CliConfig config) {
    return DaggerServerComponent.factory().create(config);
  }
}

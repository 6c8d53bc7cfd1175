package io.hexhttp.cli;

import io.hexhttp.transport.LocalConnector;
import io.hexhttp.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The product's contract, run in memory through the test kit: no socket, no thread. */
class LocalProductTest extends ProductContract {
  @TempDir static Path dir;
  static LocalConnector local;

  @BeforeAll
  static void wire() {
    ServerComponent graph =
        ServerComponent.of(
            new CliConfig(
                0,
                Optional.of(dir),
                false,
                false,
                false,
                Optional.empty(),
                Transport.EVENT_LOOP,
                Optional.empty(),
                Optional.empty(),
                Duration.ZERO,
                Set.of(),
                Optional.empty()));
    local = new LocalConnector(graph.application(), graph.serverConfig());
  }

  @Override
  protected String exchange(String request) {
    return local.exchange(request);
  }

  @Override
  protected Path directory() {
    return dir;
  }
}

package io.hexhttp.cli;

import io.hexhttp.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Starts the real wired application on an ephemeral port, as the end-to-end tests need it. */
final class TestApp {
  private TestApp() {}

  static Main.Launched launch(Path directory) throws Main.StartException, Arguments.UsageException {
    return launch(directory, Arguments.name(Transport.DEFAULT));
  }

  /** The application on {@code transport} (its command-line name). */
  static Main.Launched launch(Path directory, String transport)
      throws Main.StartException, Arguments.UsageException {
    return Main.launch(
        new String[] {"--port", "0", "--directory", directory.toString(), "--transport", transport},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }
}

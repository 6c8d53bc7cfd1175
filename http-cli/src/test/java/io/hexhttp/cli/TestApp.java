package io.hexhttp.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Starts the real wired application on an ephemeral port, as the end-to-end tests need it. */
final class TestApp {
  private TestApp() {}

  static Main.Launched launch(Path directory) throws Main.StartException, Arguments.UsageException {
    return Main.launch(
        new String[] {"--port", "0", "--directory", directory.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }
}

package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.transport.Transport;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArgumentsTest {
  private static CliConfig run(String... args) throws Arguments.UsageException {
    return ((Arguments.Run) Arguments.parse(args)).config();
  }

  @Test
  void defaultsToPort4221WithoutDirectory() throws Exception {
    assertEquals(new CliConfig(4221, Optional.empty(), false, false, false, false, Transport.EVENT_LOOP), run());
  }

  @Test
  void readsEveryOption() throws Exception {
    assertEquals(
        new CliConfig(8080, Optional.of(Path.of("/tmp/x")), true, true, true, true, Transport.VIRTUAL_THREADS),
        run("--directory", "/tmp/x", "--port", "8080", "--strict", "--date", "--reuse-port", "--access-log", "--transport", "virtual-threads"));
    assertEquals(8081, run("--port=8081").port());
  }

  @Test
  void recognisesHelpAndVersion() throws Exception {
    assertInstanceOf(Arguments.Help.class, Arguments.parse("--port", "1", "--help"));
    assertInstanceOf(Arguments.Version.class, Arguments.parse("--version"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--bogus", "--transport=fast", "--port", "--port=x", "--port=-1", "--port=65536", "--directory", "--strict=yes", "positional"})
  void refusesBadCommandLines(String arg) {
    Arguments.UsageException e =
        assertThrows(Arguments.UsageException.class, () -> Arguments.parse(arg));
    assertTrue(!e.getMessage().isEmpty() && !e.getMessage().contains("\n"));
  }
}

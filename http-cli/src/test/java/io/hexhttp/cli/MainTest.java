package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errLine() {
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, e.lines().count(), "one line: " + e);
    return e;
  }

  @Test
  void printsHelpAndExits0() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--directory DIR"));
  }

  @Test
  void printsTheVersion() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("hexhttp "));
  }

  @Test
  void refusesAnUnknownOptionInOneLine() {
    assertEquals(2, run("--nope"));
    assertTrue(errLine().contains("unknown option: --nope"));
  }

  @Test
  void refusesABadPort() {
    assertEquals(2, run("--port", "http"));
    assertTrue(errLine().contains("--port"));
  }

  @Test
  void refusesADirectoryThatIsAFile(@TempDir Path tmp) throws IOException {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    assertEquals(1, run("--directory", file.toString(), "--port", "0"));
    assertTrue(errLine().contains("is not a directory"));
  }

  @Test
  void createsAMissingDirectory(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("a/b");
    Main.Launched launched =
        Main.launch(
            new String[] {"--directory", dir.toString(), "--port", "0"}, new PrintStream(out));
    try {
      assertTrue(Files.isDirectory(dir));
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("listening on http://localhost:"));
    } finally {
      launched.server().close();
    }
  }

  @Test
  void reportsAPortInUseInOneLine() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertEquals(1, run("--port", String.valueOf(taken.getLocalPort())));
      assertTrue(errLine().contains("already in use"));
    }
  }
}

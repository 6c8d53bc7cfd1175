package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program as a process: start-up line, SIGTERM with a request in flight, exit status 0. */
class ProgramIT {
  private static Process launch(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.hexhttp.cli.Main");
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static int awaitPort(BufferedReader out) throws IOException {
    Pattern listening = Pattern.compile("listening on http://localhost:(\\d+)/");
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = listening.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the program ended without listening");
  }

  @Test
  void sigtermLetsAnUploadInFlightFinishThenExitsZero(@TempDir Path dir) throws Exception {
    Process p = launch("--port", "0", "--directory", dir.toString());
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      int port = awaitPort(out);
      byte[] content = new byte[2_000_000];
      for (int i = 0; i < content.length; i++) {
        content[i] = (byte) i;
      }
      try (Socket s = new Socket("localhost", port)) {
        s.setSoTimeout(10_000);
        OutputStream o = s.getOutputStream();
        o.write(("POST /files/inflight HTTP/1.1\r\nContent-Length: " + content.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        o.write(content, 0, content.length / 2);
        o.flush();
        p.destroy(); // SIGTERM
        o.write(content, content.length / 2, content.length - content.length / 2);
        o.flush();
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(answer.startsWith("HTTP/1.1 201 Created\r\n"), answer);
        assertTrue(answer.contains("Connection: close\r\n"), answer);
      }
      assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the program exits");
      assertEquals(0, p.exitValue());
      assertArrayEquals(content, Files.readAllBytes(dir.resolve("inflight")));
      try (var files = Files.list(dir)) {
        assertEquals(1, files.count(), "no temporary file is left behind");
      }
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void reportsAPortInUseAndExitsNonZero() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      Process p = launch("--port", String.valueOf(taken.getLocalPort()));
      assertTrue(p.waitFor(15, TimeUnit.SECONDS));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(1, p.exitValue());
      assertEquals(1, out.lines().count(), out);
      assertTrue(out.contains("already in use"), out);
    }
  }
}

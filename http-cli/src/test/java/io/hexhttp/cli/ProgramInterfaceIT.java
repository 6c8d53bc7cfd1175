package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CodeCrafters program interface, on a fresh clone of this repository: {@code
 * .codecrafters/compile.sh} builds, then {@code .codecrafters/run.sh} starts the program at once,
 * with the tests' arguments, within the platform's start limit (its tester retries connecting for
 * about 5 seconds, then reads each answer for 2).
 */
class ProgramInterfaceIT {
  private static final long START_LIMIT_MILLIS = 5_000;
  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  @TempDir Path work;

  private static String run(Path dir, long seconds, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Tries to connect and ask for / until the deadline; the answer, or null if none came. */
  private static String firstAnswer(int port, long deadlineNanos) throws InterruptedException {
    while (System.nanoTime() < deadlineNanos) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(2000);
        s.getOutputStream()
            .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] head = new byte[17];
        InputStream in = s.getInputStream();
        int n = in.readNBytes(head, 0, head.length);
        return new String(head, 0, n, StandardCharsets.US_ASCII);
      } catch (IOException notYet) {
        LockSupport.parkNanos(
            TimeUnit.MILLISECONDS.toNanos(20)); // a bounded poll: no event to wait on
      }
    }
    return null;
  }

  @Test
  void compileThenRunAnswersWithinThePlatformsStartLimit() throws Exception {
    Path clone = work.resolve("clone");
    run(work, 120, "git", "clone", "--quiet", REPOSITORY.toString(), clone.toString());
    assertTrue(Files.isRegularFile(clone.resolve("codecrafters.yml")));
    Process early =
        new ProcessBuilder(".codecrafters/run.sh", "--port", "0")
            .directory(clone.toFile())
            .redirectErrorStream(true)
            .start();
    String unbuilt = new String(early.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(early.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, early.exitValue(), "run.sh never builds: " + unbuilt);
    assertTrue(unbuilt.contains("not built yet"), unbuilt);

    String build = run(clone, 900, ".codecrafters/compile.sh");
    assertTrue(build.contains("[1/2] compiled and packaged in "), build);
    assertTrue(build.contains("built in "), build);

    Path files = work.resolve("files");
    Files.createDirectories(files);
    Files.writeString(files.resolve("hello.txt"), "hi there");
    int port = freePort();
    long started = System.nanoTime();
    Process server =
        new ProcessBuilder(
                ".codecrafters/run.sh",
                "--directory",
                files.toString(),
                "--port",
                Integer.toString(port))
            .directory(clone.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("server.log").toFile())
            .start();
    try {
      String answer =
          firstAnswer(port, started + TimeUnit.MILLISECONDS.toNanos(START_LIMIT_MILLIS));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      System.out.println("program interface: run.sh to the first answer in " + millis + " ms");
      assertEquals("HTTP/1.1 200 OK\r\n", answer, "answered within " + START_LIMIT_MILLIS + " ms");
      String log = Files.readString(work.resolve("server.log"));
      assertFalse(log.contains("building"), "run.sh never builds: " + log);
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream()
            .write(
                "GET /files/hello.txt HTTP/1.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(got.startsWith("HTTP/1.1 200 OK\r\n") && got.endsWith("hi there"), got);
      }
    } finally {
      server.destroy();
      assertTrue(server.waitFor(20, TimeUnit.SECONDS));
    }
    String again = run(clone, 60, "bash", "-c", "./your_program.sh --version");
    assertFalse(again.contains("building"), "your_program.sh sees the build as fresh: " + again);
  }

  @Test
  void aBuildStoppedWhileItTrainsTheStartUpCacheLeavesNoServerBehind() throws Exception {
    Path clone = work.resolve("clone");
    Process build = buildOfAFreshClone(clone);
    String marker = "-XX:AOTCacheOutput=" + clone.toAbsolutePath();
    // the line comes just before the training server starts
    Stopped stopped =
        stopOnceRunning(build, "training the start-up cache", marker, "a training server", 30);
    if (!stopped.reached()) {
      // below JDK 25 the launcher makes no start-up cache, so there is no training server
      assertTrue(stopped.out().contains("no AOT cache"), stopped.out());
      return;
    }
    assertEquals(143, build.exitValue(), stopped.out());
    List<ProcessHandle> left = processesWith(marker);
    left.forEach(ProcessHandle::destroyForcibly);
    assertTrue(left.isEmpty(), "the training server outlived its build: " + left);
  }

  @Test
  void aBuildStoppedWhileItCompilesLeavesNoMavenBehind() throws Exception {
    Path clone = work.resolve("clone");
    Process build = buildOfAFreshClone(clone);
    // Maven's launch script passes the project's folder to the JVM it starts
    String marker = "-Dmaven.multiModuleProjectDirectory=" + clone.toRealPath();
    Stopped stopped = stopOnceRunning(build, "compiling and packaging", marker, "Maven", 60);
    assertEquals(143, build.exitValue(), stopped.out());
    List<ProcessHandle> left = processesWith(marker);
    left.forEach(ProcessHandle::destroyForcibly);
    assertTrue(left.isEmpty(), "Maven outlived the launcher: " + left);
  }

  /**
   * What a build printed until it ended, and whether it reached the phase it was to be stopped in.
   */
  private record Stopped(String out, boolean reached) {}

  /**
   * Reads {@code build}'s output until a line has {@code phase}, waits up to {@code seconds} until
   * {@code what} runs (a process whose command line has {@code marker}), then stops the build as a
   * script stopping the launcher does: SIGTERM to the launcher alone. Then waits for the build to
   * end.
   */
  private static Stopped stopOnceRunning(
      Process build, String phase, String marker, String what, int seconds) throws Exception {
    StringBuilder out = new StringBuilder();
    boolean reached = false;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        out.append(line).append('\n');
        if (line.contains(phase)) {
          reached = true;
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
          while (processesWith(marker).isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
          }
          assertFalse(processesWith(marker).isEmpty(), what + " started: " + out);
          build.destroy();
          break;
        }
      }
      assertTrue(build.waitFor(60, TimeUnit.SECONDS), "the build stopped: " + out);
    }
    return new Stopped(out.toString(), reached);
  }

  /** {@code bin/hexhttp build} in a fresh clone of the repository, started. */
  private Process buildOfAFreshClone(Path clone) throws Exception {
    run(work, 120, "git", "clone", "--quiet", REPOSITORY.toString(), clone.toString());
    return new ProcessBuilder("bin/hexhttp", "build")
        .directory(clone.toFile())
        .redirectErrorStream(true)
        .start();
  }

  /** The live processes whose command line has {@code marker}. */
  private static List<ProcessHandle> processesWith(String marker) {
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .toList();
  }
}

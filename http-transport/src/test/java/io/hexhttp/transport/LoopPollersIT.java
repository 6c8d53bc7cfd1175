package io.hexhttp.transport;

import static io.hexhttp.transport.Sockets.readAll;
import static io.hexhttp.transport.Sockets.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.routing.Router;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What only the event loops' pollers decide: that the epoll one runs where the tests run (so every
 * test over {@link Transport#values} runs it too), and that a loop whose connection waits for its
 * handler elsewhere waits quietly even when the client has hung up (epoll reports a hang-up
 * whatever a descriptor asked for). Where epoll cannot run, the program's test says how it refuses
 * ({@code ProgramIT}).
 */
class LoopPollersIT {
  @Test
  void epollRunsOnLinuxWithJdk22AndTheOptionsTheTestsGive() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    boolean supported =
        System.getProperty("os.name").startsWith("Linux")
            && (arch.equals("amd64") || arch.equals("aarch64"))
            && Runtime.version().feature() >= 22;
    Optional<String> unavailable = Transport.EPOLL.unavailable();
    assertEquals(supported, unavailable.isEmpty(), unavailable.orElse("available"));
    assertEquals(Optional.empty(), Transport.EVENT_LOOP.unavailable());
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"EVENT_LOOP", "EPOLL"})
  void aLoopWaitingForAHandlerWhoseClientHungUpStaysIdle(Transport transport) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Router app =
        Router.builder()
            .get("/", r -> HttpResponse.ok())
            .get(
                "/slow", // blocking: runs on a virtual thread while the loop waits for it
                r -> {
                  entered.countDown();
                  try {
                    release.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return HttpResponse.text("done");
                })
            .build();
    try (HttpServer server =
        HttpServer.start(
            app,
            ServerConfig.builder()
                .port(0)
                .transport(transport)
                .bindAddress(InetAddress.getLoopbackAddress())
                .build())) {
      try (Socket s = Sockets.connect(server)) {
        send(s, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        s.setSoLinger(true, 0); // the close resets the connection: a hang-up and an error
      } // the client is gone; its handler still runs
      long before = loopCpuNanos();
      Thread.sleep(500);
      long spent = loopCpuNanos() - before;
      // a loop told of the hang-up again and again would spend the whole half second
      assertTrue(spent < 50_000_000L, "the loops spent " + spent / 1_000_000 + " ms of CPU");
      release.countDown();
      try (Socket s = Sockets.connect(server)) {
        send(s, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(readAll(s).startsWith("HTTP/1.1 200 OK\r\n"));
      }
    }
  }

  /** The CPU time of the server's loop threads, from Linux's /proc (10 ms resolution). */
  private static long loopCpuNanos() throws IOException {
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : tasks.toList()) {
        try {
          if (Files.readString(t.resolve("comm")).startsWith("hexhttp-loop-")) {
            String stat = Files.readString(t.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
          }
        } catch (IOException gone) {
          // a thread that ended meanwhile
        }
      }
    }
    return ticks * 10_000_000L;
  }
}

package io.hexhttp.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's contract over real sockets on the other transport, virtual threads ({@link
 * ServerIT} runs it on the default event loop, {@link LocalProductTest} in memory): the same engine
 * under each driver.
 */
class VirtualThreadsProductIT extends ProductContract {
  @TempDir static Path dir;
  static Main.Launched app;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.launch(dir, "virtual-threads");
  }

  @AfterAll
  static void stop() {
    app.server().close();
  }

  @Override
  protected String exchange(String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("localhost", app.server().port()), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Override
  protected Path directory() {
    return dir;
  }
}

package io.hexhttp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hexhttp.core.HttpResponse;
import java.net.BindException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ReusePortIT {
  @Test
  void twoServersShareAPortWithReusePort() throws Exception {
    ServerConfig shared =
        ServerConfig.builder()
            .port(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .reusePort(true)
            .build();
    try (HttpServer first = HttpServer.start(r -> HttpResponse.text("1"), shared);
        HttpServer second =
            HttpServer.start(
                r -> HttpResponse.text("2"), shared.toBuilder().port(first.port()).build())) {
      assertEquals(first.port(), second.port());
    }
  }

  @Test
  void withoutReusePortTheSecondBindFails() throws Exception {
    ServerConfig plain =
        ServerConfig.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).build();
    try (HttpServer first = HttpServer.start(r -> HttpResponse.ok(), plain)) {
      assertThrows(
          BindException.class,
          () ->
              HttpServer.start(
                  r -> HttpResponse.ok(), plain.toBuilder().port(first.port()).build()));
    }
  }
}

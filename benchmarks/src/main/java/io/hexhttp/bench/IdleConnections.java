package io.hexhttp.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N keep-alive connections to a port, sends one request on each and reads its answer, then
 * holds them all open until stdin closes. Prints "held N errors E". {@code IdleConnections PORT N}.
 */
public final class IdleConnections {
  private IdleConnections() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    byte[] request =
        "GET /echo/idle HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    List<SocketChannel> open = new ArrayList<>(n);
    int errors = 0;
    ByteBuffer in = ByteBuffer.allocate(1024);
    for (int i = 0; i < n; i++) {
      try {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        ch.write(ByteBuffer.wrap(request));
        in.clear();
        if (ch.read(in) <= 0
            || !new String(in.array(), 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 200")) {
          errors++;
        }
        open.add(ch);
      } catch (IOException e) {
        errors++;
      }
    }
    System.out.println("held " + open.size() + " errors " + errors);
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold until told to let go
    }
    for (SocketChannel ch : open) {
      ch.close();
    }
  }
}

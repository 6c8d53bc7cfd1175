package io.hexhttp.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Raw sockets to a test server: connect, send text, read what comes back. */
final class Sockets {
  private Sockets() {}

  /** A connection to {@code server}, reads bounded by 10 s. */
  static Socket connect(HttpServer server) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(server.address().getAddress(), server.port()), 5000);
    s.setSoTimeout(10_000);
    return s;
  }

  static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /** Everything until the server closes. */
  static String readAll(Socket s) throws IOException {
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}

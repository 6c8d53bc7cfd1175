package io.hexhttp.transport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A conduit over bytes in memory: what the client sent, and what the server answered. The test
 * kit's, and the connection tests'.
 */
final class MemoryConduit implements Conduit {
  private final InputStream in;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  volatile boolean closed;

  MemoryConduit(InputStream in) {
    this.in = in;
  }

  MemoryConduit(String request) {
    this(new ByteArrayInputStream(request.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Override
  public InputStream input() {
    return in;
  }

  @Override
  public OutputStream output() {
    return out;
  }

  @Override
  public String remoteAddress() {
    return "127.0.0.1";
  }

  @Override
  public void close() {
    closed = true;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  String written() {
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}

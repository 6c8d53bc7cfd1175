package io.hexhttp.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/** The JDK's built-in server with the same routes, on virtual threads. {@code JdkServer PORT}. */
public final class JdkServer {
  private JdkServer() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(args[0])), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          byte[] body;
          int status = 200;
          if (path.equals("/")) {
            body = new byte[0];
          } else if (path.startsWith("/echo/")) {
            body = path.substring(6).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
          } else {
            body = new byte[0];
            status = 404;
          }
          String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
          if (body.length > 0 && accept != null && accept.contains("gzip")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
              gz.write(body);
            }
            body = out.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
          }
          exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    System.out.println("jdk listening on " + args[0]);
  }
}

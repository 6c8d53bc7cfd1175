package io.hexhttp.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Opens N HTTPS keep-alive connections to a port on loopback, sends one request on each and reads
 * its answer, then holds them all open until stdin closes. Prints "held N errors E". The server's
 * certificate is not checked: a benchmark against a certificate made for the run, never a client.
 * {@code IdleTlsConnections PORT N}.
 */
public final class IdleTlsConnections {
  private IdleTlsConnections() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        null);
    byte[] request =
        "GET /echo/idle HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    List<Socket> open = Collections.synchronizedList(new ArrayList<>(n));
    AtomicInteger errors = new AtomicInteger();
    // 32 handshakes at a time: the client's side of a handshake costs more than the server's
    try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
      for (int i = 0; i < n; i++) {
        pool.submit(
            () -> {
              try {
                SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
                byte[] in = new byte[256];
                int got = s.getInputStream().read(in);
                if (got < 12
                    || !new String(in, 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 200")) {
                  errors.incrementAndGet();
                }
                open.add(s);
              } catch (IOException e) {
                errors.incrementAndGet();
              }
            });
      }
    }
    System.out.println("held " + open.size() + " errors " + errors.get());
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold until told to let go
    }
    for (Socket s : open) {
      s.close();
    }
  }
}

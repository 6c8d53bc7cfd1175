package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import io.hexhttp.handlers.GzipFilter;
import io.hexhttp.transport.HttpServer;
import io.hexhttp.transport.ServerConfig;
import io.hexhttp.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An event stream through {@link GzipFilter} over a real socket: the first event must reach the
 * client, decompressed, while the handler is still waiting to send the second (it waits for the
 * client to have read the first, so a buffered stream would hang and fail).
 */
class GzipStreamIT {
  @ParameterizedTest
  @MethodSource("io.hexhttp.transport.Transport#available")
  void eachFlushedEventArrivesAtOnceThroughGzip(Transport transport) throws Exception {
    CountDownLatch firstRead = new CountDownLatch(1);
    Body events =
        new Body() {
          @Override
          public long length() {
            return -1;
          }

          @Override
          public InputStream stream() {
            throw new UnsupportedOperationException("written, not read");
          }

          @Override
          public void writeTo(OutputStream out) throws IOException {
            out.write("data: one\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
              if (!firstRead.await(10, TimeUnit.SECONDS)) {
                throw new IOException("the first event never arrived");
              }
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            out.write("data: two\n\n".getBytes(StandardCharsets.US_ASCII));
          }
        };
    try (HttpServer server =
            HttpServer.start(
                new GzipFilter()
                    .wrap(
                        r ->
                            HttpResponse.of(Status.OK)
                                .withHeader("Content-Type", "text/event-stream")
                                .withBody(events)),
                ServerConfig.builder().port(0).transport(transport).build());
        Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              "GET /events HTTP/1.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String head = readHead(in);
      assertTrue(head.contains("Content-Encoding: gzip\r\n"), head);
      assertTrue(head.contains("Transfer-Encoding: chunked\r\n"), head);
      GZIPInputStream gzip = new GZIPInputStream(new Dechunked(in));
      byte[] first = gzip.readNBytes(11);
      assertEquals("data: one\n\n", new String(first, StandardCharsets.US_ASCII));
      firstRead.countDown();
      assertEquals("data: two\n\n", new String(gzip.readAllBytes(), StandardCharsets.US_ASCII));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed within the head: " + b);
      }
      b.append((char) c);
    }
    return b.toString();
  }

  /** The chunked coding's content, read chunk by chunk as it arrives. */
  private static final class Dechunked extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    Dechunked(InputStream in) {
      this.in = in;
    }

    private String line() throws IOException {
      StringBuilder b = new StringBuilder();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          throw new IOException("closed within a chunk size");
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        left = Long.parseLong(line().strip(), 16);
        if (left == 0) {
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("closed within a chunk");
      }
      left -= n;
      if (left == 0) {
        line(); // the CRLF after the chunk
      }
      return n;
    }
  }
}

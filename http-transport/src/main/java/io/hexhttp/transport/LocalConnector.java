package io.hexhttp.transport;

import io.hexhttp.core.Body;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import io.hexhttp.core.http1.Http1Engine;
import io.hexhttp.core.port.ServerObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The test kit: runs requests through exactly the server's own path — the {@link Http1Engine} every
 * transport drives, its parser, the handler, its encoder — over bytes in memory, on the calling
 * thread, with no socket and no other thread (in the spirit of Jetty's {@code LocalConnector}). It
 * is one more driver of the engine: bytes in, steps taken, bytes out.
 *
 * <pre>{@code
 * LocalConnector local = new LocalConnector(myApp);
 * String raw = local.exchange("GET /hello HTTP/1.1\r\n\r\n");      // the bytes on the wire
 * HttpResponse r = local.send(HttpRequest.get("/hello"));           // a parsed response
 * }</pre>
 *
 * <p>Each call is one connection: the conversation ends when the request bytes do.
 */
public final class LocalConnector {
  /** The kit's time never moves: a conversation in memory meets no deadline. */
  private static final long NOW = 0;

  private final HttpHandler handler;
  private final ServerConfig config;

  /** A connector for {@code handler} with the default configuration. */
  public LocalConnector(HttpHandler handler) {
    this(handler, ServerConfig.DEFAULT);
  }

  /** A connector for {@code handler} with {@code config} (limits, compliance, Date, ...). */
  public LocalConnector(HttpHandler handler, ServerConfig config) {
    this.handler = Objects.requireNonNull(handler);
    this.config = Objects.requireNonNull(config);
  }

  /**
   * Feeds {@code request} (one or more requests) to a connection; returns every byte answered.
   *
   * @param request the bytes the client sends
   * @return the bytes the server answers
   */
  public byte[] exchange(byte[] request) {
    return exchange(List.of(request));
  }

  /**
   * Feeds the bytes of {@code pieces} to a connection one piece per read, as a network might split
   * them; returns every byte answered when the last piece has been read and the connection is done
   * with it.
   *
   * @param pieces the bytes the client sends, in the pieces they arrive in
   * @return the bytes the server answers
   */
  public byte[] exchange(List<byte[]> pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Http1Engine engine =
        new Http1Engine(config.http(), ServerObserver.NONE, Clock.systemUTC(), "127.0.0.1", NOW);
    Feed input = new Feed(pieces);
    engine.input(
        () -> {
          engine.writeOutput(out, NOW);
          input.into(engine, NOW);
        });
    try {
      while (true) {
        switch (engine.next(NOW)) {
          case READ -> input.into(engine, NOW);
          case WRITE -> engine.writeOutput(out, NOW);
          case HANDLE -> engine.handle(handler, NOW);
          case WRITE_BODY -> {
            engine.writeOutput(out, NOW);
            engine.writeBody(out, NOW);
          }
          case SHUTDOWN_OUTPUT -> {
            // nothing to shut in memory; the engine reads on until the input ends
          }
          case CLOSE -> {
            return out.toByteArray();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      engine.close();
    }
  }

  /** The client's bytes, handed to the engine as far as its buffer takes them per read. */
  private static final class Feed {
    private final Iterator<byte[]> pieces;
    private byte[] piece = new byte[0];
    private int at;

    Feed(List<byte[]> pieces) {
      this.pieces = pieces.iterator();
    }

    void into(Http1Engine engine, long now) {
      while (at == piece.length) {
        if (!pieces.hasNext()) {
          engine.received(-1, now);
          return;
        }
        piece = pieces.next();
        at = 0;
      }
      ByteBuffer b = engine.readBuffer();
      int n = Math.min(b.remaining(), piece.length - at);
      b.put(piece, at, n);
      at += n;
      engine.received(n, now);
    }
  }

  /** {@link #exchange(byte[])} for text; bytes are taken as ISO-8859-1 both ways. */
  public String exchange(String request) {
    return new String(
        exchange(request.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
  }

  /** Sends raw requests and parses every response (interim 1xx ones skipped). */
  public List<HttpResponse> responses(String requests) {
    return parseResponses(exchange(requests.getBytes(StandardCharsets.ISO_8859_1)), false);
  }

  /** Writes {@code request} on the wire, runs it, and parses the response. */
  public HttpResponse send(HttpRequest request) {
    List<HttpResponse> all =
        parseResponses(exchange(encode(request)), request.method().equals(Method.HEAD));
    if (all.isEmpty()) {
      throw new IllegalStateException("the server closed without answering");
    }
    return all.get(0);
  }

  /** The wire form of a request: its line, fields, and body with Content-Length or chunked. */
  static byte[] encode(HttpRequest request) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      StringBuilder head = new StringBuilder();
      head.append(request.method())
          .append(' ')
          .append(request.target())
          .append(' ')
          .append(request.version())
          .append("\r\n");
      Headers h = request.headers();
      for (int i = 0; i < h.size(); i++) {
        head.append(h.name(i)).append(": ").append(h.value(i)).append("\r\n");
      }
      Body body = request.body();
      boolean framed = h.contains("Content-Length") || h.contains("Transfer-Encoding");
      byte[] content = body.isEmpty() ? new byte[0] : body.bytes();
      if (!framed && content.length > 0) {
        head.append("Content-Length: ").append(content.length).append("\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses responses framed by Content-Length, chunked coding, or the end of the bytes. */
  static List<HttpResponse> parseResponses(byte[] wire, boolean headOnly) {
    List<HttpResponse> out = new ArrayList<>();
    int at = 0;
    while (at < wire.length) {
      int end = indexOf(wire, at);
      if (end < 0) {
        throw new IllegalStateException("a response head without its end");
      }
      String[] lines = new String(wire, at, end - at, StandardCharsets.ISO_8859_1).split("\r\n");
      at = end + 4;
      String[] status = lines[0].split(" ", 3);
      int code = Integer.parseInt(status[1]);
      Headers.Builder headers = Headers.builder();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.add(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
      }
      Headers hs = headers.build();
      if (code < 200) {
        continue;
      }
      byte[] body;
      String length = hs.firstOrNull("Content-Length");
      if (headOnly || code == 204 || code == 304) {
        body = new byte[0];
      } else if (length != null) {
        int n = Integer.parseInt(length);
        body = Arrays.copyOfRange(wire, at, at + n);
        at += n;
      } else if (hs.hasElement("Transfer-Encoding", "chunked")) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while (true) {
          int lineEnd = indexOfCrlf(wire, at);
          String sizeLine = new String(wire, at, lineEnd - at, StandardCharsets.ISO_8859_1);
          int semi = sizeLine.indexOf(';');
          int size = Integer.parseInt(semi < 0 ? sizeLine : sizeLine.substring(0, semi), 16);
          at = lineEnd + 2;
          if (size == 0) {
            at = indexOf(wire, at - 2) + 4;
            break;
          }
          content.write(wire, at, size);
          at += size + 2;
        }
        body = content.toByteArray();
      } else {
        body = Arrays.copyOfRange(wire, at, wire.length);
        at = wire.length;
      }
      out.add(
          HttpResponse.of(Status.of(code, status.length > 2 ? status[2] : ""), hs, Body.of(body)));
    }
    return out;
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 3 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalStateException("a chunk-size line without its end");
  }
}

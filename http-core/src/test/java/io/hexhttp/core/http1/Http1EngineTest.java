package io.hexhttp.core.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import io.hexhttp.core.http1.Http1Engine.Step;
import io.hexhttp.core.port.ServerObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Conversations with the engine alone: bytes and time in, steps and bytes out, a fake clock. */
class Http1EngineTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Http1Config CONFIG =
      new Http1Config(
          Http1Config.DEFAULT.limits(),
          Http1Config.DEFAULT.compliance(),
          false,
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          240,
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          1024,
          Http1Config.DEFAULT.trustedProxies());

  private final AtomicInteger bodyReads = new AtomicInteger();
  private final HttpHandler app =
      request ->
          switch (request.path()) {
            case "/upload" -> {
              bodyReads.incrementAndGet();
              yield HttpResponse.text(Integer.toString(request.body().bytes().length));
            }
            case "/ignore" -> HttpResponse.of(Status.ACCEPTED);
            case "/slow" -> throw new InterruptedIOException("never");
            default -> HttpResponse.text("at " + request.path());
          };

  /** The test's driver: feeds what was sent, writes what the engine gives, never blocks. */
  final class Driver {
    final Http1Engine engine;
    final Deque<byte[]> input = new ArrayDeque<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpHandler handler = app;
    long now = 1_000 * SECOND;
    int writes;
    boolean outputShut;
    boolean eof;

    Driver() {
      this(null);
    }

    Driver(BufferPool pool) {
      engine = new Http1Engine(CONFIG, ServerObserver.NONE, Clock.systemUTC(), "192.0.2.1", now);
      engine.buffers(pool);
      // a handler's body read: feed what is queued, else let the clock reach the deadline
      engine.input(
          () -> {
            engine.writeOutput(out, now);
            if (!feed()) {
              now = Math.max(now, engine.deadline());
              engine.timeout(now);
            }
          });
    }

    void send(String s) {
      input.add(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    boolean feed() {
      if (input.isEmpty()) {
        if (eof) {
          engine.received(-1, now);
          return true;
        }
        return false;
      }
      byte[] b = input.poll();
      ByteBuffer buf = engine.readBuffer();
      int n = Math.min(buf.remaining(), b.length);
      buf.put(b, 0, n);
      if (n < b.length) {
        input.addFirst(Arrays.copyOfRange(b, n, b.length));
      }
      engine.received(n, now);
      return true;
    }

    /** Runs the engine until it waits for bytes not sent yet, or closes. */
    Step run() throws IOException {
      while (true) {
        Step s = engine.next(now);
        switch (s) {
          case READ -> {
            if (!feed()) {
              return Step.READ;
            }
          }
          case WRITE -> {
            writes++;
            engine.writeOutput(out, now);
          }
          case HANDLE -> engine.handle(handler, now);
          case WRITE_BODY -> {
            engine.writeOutput(out, now);
            engine.writeBody(out, now);
          }
          case SHUTDOWN_OUTPUT -> outputShut = true;
          case CLOSE -> {
            engine.close();
            return Step.CLOSE;
          }
        }
      }
    }

    String written() {
      String s = out.toString(StandardCharsets.ISO_8859_1);
      out.reset();
      return s;
    }
  }

  private static String ok(String text) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
        + text.length()
        + "\r\n\r\n"
        + text;
  }

  @Test
  void answersAPipelinedBatchInOneWrite() throws IOException {
    Driver d = new Driver();
    d.send("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n\r\n");
    assertEquals(Step.READ, d.run());
    assertEquals(ok("at /a") + ok("at /b") + ok("at /c"), d.written());
    assertEquals(1, d.writes);
  }

  @Test
  void copiesBodiesArrivingInPiecesStraightFromTheBuffer() throws IOException {
    Driver d = new Driver();
    List<byte[]> copies = new ArrayList<>();
    d.handler =
        request -> {
          ByteArrayOutputStream copy = new ByteArrayOutputStream();
          long n = request.body().stream().transferTo(copy);
          copies.add(copy.toByteArray());
          return HttpResponse.text("copied " + n);
        };
    byte[] body = new byte[300_000];
    new Random(7).nextBytes(body);
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String chunked =
        "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\n, w\r\n0\r\n\r\n";
    d.send("POST /a HTTP/1.1\r\nContent-Length: 300000\r\n\r\n" + text.substring(0, 1000));
    for (int i = 1000; i < body.length; i += 70_000) {
      // the last piece of the body comes with the whole next request
      int end = Math.min(body.length, i + 70_000);
      d.send(text.substring(i, end) + (end == body.length ? chunked : ""));
    }
    assertEquals(Step.READ, d.run());
    assertEquals(ok("copied 300000") + ok("copied 8"), d.written());
    assertArrayEquals(body, copies.get(0));
    assertEquals("hello, w", new String(copies.get(1), StandardCharsets.ISO_8859_1));
  }

  @Test
  void answersACompleteRequestBeforeTheNextOneHasArrived() throws IOException {
    Driver d = new Driver();
    d.send("GET /a HTTP/1.1\r\n\r\nGET /b HT");
    assertEquals(Step.READ, d.run());
    assertEquals(ok("at /a"), d.written(), "the answer goes out while the next head is awaited");
    d.send("TP/1.1\r\n\r\n");
    assertEquals(Step.READ, d.run());
    assertEquals(ok("at /b"), d.written());
  }

  @Test
  void resumesAHeadSentOneByteAtATime() throws IOException {
    Driver d = new Driver();
    String head = "GET /drip HTTP/1.1\r\nHost: h\r\nUser-Agent: " + "x".repeat(500) + "\r\n\r\n";
    for (char c : head.toCharArray()) {
      d.send(String.valueOf(c));
    }
    assertEquals(Step.READ, d.run());
    assertEquals(ok("at /drip"), d.written());
  }

  @Test
  void answers408WhenTheHeadTakesLongerThanItsDeadline() throws IOException {
    Driver d = new Driver();
    d.send("GET / HTTP/1.1\r\nHost: h");
    long start = d.now;
    assertEquals(Step.READ, d.run());
    assertEquals(start + 10 * SECOND, d.engine.deadline());
    d.now += 5 * SECOND;
    d.send("\r\nX-A: b"); // bytes keep coming, but the whole head has 10 s
    d.run();
    assertEquals(start + 10 * SECOND, d.engine.deadline());
    d.now = d.engine.deadline();
    d.engine.timeout(d.now);
    d.eof = true;
    assertEquals(Step.CLOSE, d.run());
    String out = d.written();
    assertTrue(out.startsWith("HTTP/1.1 408 Request Timeout\r\n"), out);
    assertTrue(out.contains("Connection: close\r\n"), out);
    assertTrue(d.outputShut, "a lingering close: FIN first, then read what is left");
  }

  @Test
  void closesAnIdleConnectionSilentlyAtItsDeadline() throws IOException {
    Driver d = new Driver();
    d.send("GET / HTTP/1.1\r\n\r\n");
    d.run();
    d.written();
    assertEquals(d.now + 60 * SECOND, d.engine.deadline());
    d.now += 60 * SECOND;
    d.engine.timeout(d.now);
    assertEquals(Step.CLOSE, d.run());
    assertEquals("", d.written());
  }

  @Test
  void cutsABodySlowerThanTheMinimumRateAfterItsGrace() throws IOException {
    Driver d = new Driver();
    d.send("POST /upload HTTP/1.1\r\nContent-Length: 100000\r\n\r\n");
    d.send("x".repeat(100));
    long start = d.now;
    d.run(); // the handler reads 100 bytes, then waits: the fake clock runs to the deadline
    assertEquals(start + 5 * SECOND, d.now, "the grace: 5 s, as 100 bytes earn less at 240 B/s");
    String out = d.written();
    assertTrue(out.startsWith("HTTP/1.1 408 Request Timeout\r\n"), out);
    assertTrue(out.contains("Connection: close\r\n"), out);
  }

  @Test
  void letsABodyArriveSlowlyAboveTheMinimumRate() throws IOException {
    Driver d = new Driver();
    d.handler =
        request -> {
          InputStream in = request.body().stream();
          byte[] buf = new byte[1000];
          long total = 0;
          for (int n; (n = in.read(buf)) >= 0; ) {
            total += n;
            d.now += SECOND; // 1000 bytes a second: four times the minimum, over 20 s
            d.send("y".repeat((int) Math.min(1000, 20_000 - total)));
            if (total == 20_000) {
              d.input.clear();
            }
          }
          return HttpResponse.text(Long.toString(total));
        };
    d.send("POST /upload HTTP/1.1\r\nContent-Length: 20000\r\n\r\n" + "y".repeat(1000));
    assertEquals(Step.READ, d.run());
    assertEquals(ok("20000"), d.written());
  }

  @Test
  void cutsAClientThatStopsReadingItsResponse() {
    Driver d = new Driver();
    d.send("GET / HTTP/1.1\r\n\r\n");
    Http1Engine e = d.engine;
    assertEquals(Step.READ, e.next(d.now));
    d.feed();
    assertEquals(Step.HANDLE, e.next(d.now));
    e.handle(app, d.now);
    assertEquals(Step.WRITE, e.next(d.now));
    assertEquals(d.now + 30 * SECOND, e.deadline());
    d.now += 30 * SECOND;
    e.timeout(d.now);
    assertEquals(Step.CLOSE, e.next(d.now));
  }

  @Test
  void shutdownClosesAnIdleConnectionAtOnce() throws IOException {
    Driver d = new Driver();
    assertTrue(d.engine.isIdle());
    d.engine.shutdown();
    assertEquals(Step.READ, d.run(), "a request sent just now is still read");
    assertTrue(d.engine.deadline() <= d.now, "but with nothing to read, it is due now");
    d.engine.timeout(d.now);
    assertEquals(Step.CLOSE, d.run());
  }

  @Test
  void shutdownDuringAnExchangeAnswersWithConnectionClose() throws IOException {
    Driver d = new Driver();
    d.handler =
        request -> {
          d.engine.shutdown(); // as if SIGTERM came while the handler ran
          return HttpResponse.text("done");
        };
    d.send("GET / HTTP/1.1\r\n\r\nGET /never HTTP/1.1\r\n\r\n");
    d.eof = true;
    assertEquals(Step.CLOSE, d.run());
    String out = d.written();
    assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
    assertTrue(out.contains("Connection: close\r\n"), out);
    assertFalse(out.contains("never"), out);
  }

  /** A response body that counts how often it is closed. */
  static final class Counted implements Body {
    final AtomicInteger closes = new AtomicInteger();
    final long length;

    Counted(long length) {
      this.length = length;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public InputStream stream() {
      return new ByteArrayInputStream(new byte[(int) Math.max(0, length)]);
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void closesEveryResponseBodyExactlyOnceOnEveryPath() throws IOException {
    for (String request :
        new String[] {
          "GET /written HTTP/1.1\r\n\r\n",
          "HEAD /head HTTP/1.1\r\n\r\n",
          "GET /204 HTTP/1.1\r\n\r\n",
          "GET /304 HTTP/1.1\r\n\r\n",
          "GET /chunked HTTP/1.1\r\n\r\n"
        }) {
      Counted body = new Counted(request.contains("chunked") ? -1 : 3000);
      Driver d = new Driver();
      d.handler =
          r ->
              switch (r.path()) {
                case "/204" -> HttpResponse.of(Status.NO_CONTENT).withBody(body);
                case "/304" -> HttpResponse.of(Status.NOT_MODIFIED).withBody(body);
                default -> HttpResponse.ok().withBody(body);
              };
      d.send(request);
      d.run();
      assertEquals(1, body.closes.get(), request);
      d.engine.close();
      assertEquals(1, body.closes.get(), request + " (closing the engine again)");
    }
  }

  @Test
  void closesAnAbandonedResponseBody() {
    Counted body = new Counted(1 << 20);
    Driver d = new Driver();
    d.send("GET / HTTP/1.1\r\n\r\n");
    d.feed();
    Http1Engine e = d.engine;
    assertEquals(Step.HANDLE, e.next(d.now));
    e.handle(r -> HttpResponse.ok().withBody(body), d.now);
    assertEquals(Step.WRITE, e.next(d.now));
    e.close(); // the client went away before the body was written
    assertEquals(1, body.closes.get());
    assertEquals(Step.CLOSE, e.next(d.now));
  }

  @Test
  void drainsAnUnreadBodyAndGoesOn() throws IOException {
    Driver d = new Driver();
    d.send(
        "POST /ignore HTTP/1.1\r\nContent-Length: 500\r\n\r\n"
            + "z".repeat(500)
            + "GET /next HTTP/1.1\r\n\r\n");
    assertEquals(Step.READ, d.run());
    String out = d.written();
    assertTrue(out.startsWith("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"), out);
    assertTrue(out.endsWith(ok("at /next")), out);
  }

  @Test
  void closesInsteadOfDrainingMoreThanTheLimit() throws IOException {
    Driver d = new Driver();
    d.send("POST /ignore HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + "z".repeat(100));
    d.run();
    String out = d.written();
    assertTrue(
        out.startsWith("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n"), out);
  }

  @Test
  void answers400WhenTheConnectionEndsWithinAHead() throws IOException {
    Driver d = new Driver();
    d.send("GET / HTTP/1.1\r\nHo");
    d.eof = true;
    assertEquals(Step.CLOSE, d.run());
    assertTrue(d.written().startsWith("HTTP/1.1 400 Bad Request\r\n"));
  }

  @Test
  void refusesToHandleWhenNoRequestIsReady() {
    Driver d = new Driver();
    assertThrows(IllegalStateException.class, d.engine::request);
  }

  @Test
  void keepsNoBuffersWhileIdleOnceReleased() throws IOException {
    Driver d = new Driver();
    d.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    d.run();
    d.written();
    // the buffer the request was read into: nothing may hold it once released (the parser kept
    // its last line's bytes, a kibibyte for every idle connection)
    WeakReference<byte[]> read = new WeakReference<>(d.engine.readBuffer().array());
    d.engine.releaseBuffers();
    assertEquals(0, d.engine.buffered());
    for (int i = 0; i < 10 && !read.refersTo(null); i++) {
      System.gc(); // (a full collection: it clears the reference before it returns)
    }
    assertTrue(read.refersTo(null), "the read buffer is still reachable");
    d.send("GET /again HTTP/1.1\r\n\r\n");
    d.run();
    assertEquals(ok("at /again"), d.written());
  }

  @Test
  void aNewConnectionTakesTheBuffersAClosedOneGaveBackAndReadsOnlyItsOwnBytes() throws IOException {
    BufferPool pool = new BufferPool(4);
    Driver a = new Driver(pool);
    a.send(
        "GET /"
            + "a".repeat(300)
            + " HTTP/1.1\r\nHost: x\r\nX-Long: "
            + "z".repeat(400)
            + "\r\n\r\n");
    a.run();
    assertEquals(ok("at /" + "a".repeat(300)), a.written());
    byte[] aRead = a.engine.readBuffer().array();
    a.engine.close();
    a.engine.recycle();
    assertEquals(2, pool.held(), "its read buffer and its write buffer");
    a.engine.recycle();
    assertEquals(2, pool.held(), "given back once");

    Driver b = new Driver(pool);
    b.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"); // shorter: a's bytes follow it in the array
    b.run();
    assertSame(aRead, b.engine.readBuffer().array(), "the closed connection's buffer, taken again");
    assertEquals(0, pool.held());
    assertEquals(ok("at /b"), b.written());
    b.send("GET /b2 HTTP/1.1\r\nHost: x\r\n\r\n");
    b.run();
    assertEquals(ok("at /b2"), b.written());
  }

  @Test
  void anIdleConnectionsReleasedBuffersGoToThePoolAndComeBackWithItsNextRequest()
      throws IOException {
    BufferPool pool = new BufferPool(4);
    Driver d = new Driver(pool);
    d.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
    d.run();
    assertEquals(ok("at /one"), d.written());
    byte[] read = d.engine.readBuffer().array();
    d.engine.releaseBuffers();
    assertEquals(2, pool.held());
    d.send("GET /two HTTP/1.1\r\nHost: x\r\n\r\n");
    d.run();
    assertEquals(ok("at /two"), d.written());
    assertSame(read, d.engine.readBuffer().array());
    assertEquals(0, pool.held());
  }

  @Test
  void onlyAClosedEngineWithAPoolGivesBuffersBackAndNeverOneThatGrew() throws IOException {
    BufferPool pool = new BufferPool(4);
    Driver open = new Driver(pool);
    open.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    open.run();
    open.engine.recycle(); // still open: its buffers are its own
    assertEquals(0, pool.held());

    Driver handedOver = new Driver(pool);
    handedOver.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    handedOver.run();
    handedOver.engine.buffers(null); // another thread drives it from here
    handedOver.engine.close();
    handedOver.engine.recycle();
    handedOver.engine.releaseBuffers();
    assertEquals(0, pool.held());

    Driver upload = new Driver(pool);
    upload.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n");
    upload.input.add(new byte[20_000]); // each read fills the buffer: it grows
    upload.run();
    assertEquals(ok("20000"), upload.written());
    assertTrue(upload.engine.readBuffer().capacity() > 1024, "the body made the buffer grow");
    upload.engine.close();
    upload.engine.recycle();
    assertEquals(1, pool.held(), "the write buffer only: the grown read buffer is let go");
  }

  @Test
  void aPoolKeepsNoMoreThanItsCapacity() throws IOException {
    BufferPool pool = new BufferPool(1);
    for (int i = 0; i < 3; i++) {
      Driver d = new Driver(pool);
      d.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      d.run();
      d.engine.close();
      d.engine.recycle();
      assertEquals(2, pool.held(), "one of each kind");
    }
    assertThrows(IllegalArgumentException.class, () -> new BufferPool(0));
  }

  @Test
  void aRequestBodyKeptPastItsExchangeNeverReadsTheRequestsThatFollow() throws IOException {
    Driver d = new Driver();
    InputStream[] kept = new InputStream[1];
    List<String> seen = new ArrayList<>();
    d.handler =
        request -> {
          switch (request.path()) {
            case "/keep" -> kept[0] = request.body().stream(); // kept, and not read
            case "/check" -> {
              seen.add("available " + kept[0].available());
              try {
                seen.add("read " + kept[0].read());
              } catch (IOException e) {
                seen.add(e.getMessage());
              }
            }
            default -> seen.add(request.path());
          }
          return HttpResponse.of(Status.NO_CONTENT);
        };
    d.send(
        "POST /keep HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /check HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
    d.run();
    assertEquals(
        List.of("available 0", "the exchange this request body belongs to has ended", "/after"),
        seen);
    assertEquals(3, d.written().split("HTTP/1.1 204 No Content\r\n", -1).length - 1);
  }
}

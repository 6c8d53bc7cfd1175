package io.hexhttp.handlers;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Server-Sent Events (the HTML standard's {@code text/event-stream}): a response whose body is
 * produced by a {@link Source} writing events, each flushed to the client at once (through {@code
 * GzipFilter} too), with comments as heartbeats, the {@code Last-Event-ID} the client resumes from,
 * and word of the client having gone or the server shutting down.
 *
 * <pre>{@code
 * router.get("/events", request -> ServerSentEvents.response(request, events -> {
 *   while (events.isOpen() && !events.isShuttingDown()) {
 *     Message m = queue.poll(15, TimeUnit.SECONDS);
 *     if (m == null) events.comment("keep-alive"); else events.send(m.id(), "message", m.json());
 *   }
 * }, lifecycle::isShuttingDown));
 * }</pre>
 *
 * <p>The source runs while the response is written: on the virtual-thread transport on the
 * connection's thread, on the event loop on a virtual thread of its own, so it may block.
 */
public final class ServerSentEvents {
  private ServerSentEvents() {}

  /** Writes the events of one stream. */
  @FunctionalInterface
  public interface Source {
    /**
     * Sends events until there are no more, the client has gone ({@link Sink#isOpen()} false, or an
     * {@link IOException} from a send) or the server shuts down.
     *
     * @param events where to send them
     * @throws IOException when the client has gone
     * @throws InterruptedException when the thread is interrupted
     */
    void stream(Sink events) throws IOException, InterruptedException;
  }

  /**
   * A {@code text/event-stream} response whose events {@code source} writes.
   *
   * @param request the request, for its {@code Last-Event-ID}
   * @param source what writes the events
   * @return the response: 200, never cached, streamed
   */
  public static HttpResponse response(HttpRequest request, Source source) {
    return response(request, source, () -> false);
  }

  /**
   * A {@code text/event-stream} response whose events {@code source} writes, which can learn that
   * the server is shutting down.
   *
   * @param request the request, for its {@code Last-Event-ID}
   * @param source what writes the events
   * @param shuttingDown true once the server shuts down (e.g. a lifecycle observer's)
   * @return the response: 200, never cached, streamed
   */
  public static HttpResponse response(
      HttpRequest request, Source source, BooleanSupplier shuttingDown) {
    Objects.requireNonNull(source);
    Objects.requireNonNull(shuttingDown);
    String lastId = request.header("Last-Event-ID");
    Body body =
        new Body() {
          @Override
          public long length() {
            return -1;
          }

          @Override
          public InputStream stream() {
            throw new IllegalStateException("an event stream is written, not read");
          }

          @Override
          public void writeTo(OutputStream out) throws IOException {
            Sink sink = new Sink(out, lastId, shuttingDown);
            try {
              source.stream(sink);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    return HttpResponse.of(Status.OK)
        .withHeader("Content-Type", "text/event-stream; charset=utf-8")
        .withHeader("Cache-Control", "no-store")
        .withBody(body);
  }

  /** Where a {@link Source} sends its events; each send is flushed to the client at once. */
  public static final class Sink {
    private final OutputStream out;
    private final String lastEventId;
    private final BooleanSupplier shuttingDown;
    private boolean open = true;

    private Sink(OutputStream out, String lastEventId, BooleanSupplier shuttingDown) {
      this.out = out;
      this.lastEventId = lastEventId;
      this.shuttingDown = shuttingDown;
    }

    /**
     * The id of the last event the client received before it reconnected.
     *
     * @return the request's {@code Last-Event-ID}, or null
     */
    public String lastEventId() {
      return lastEventId;
    }

    /**
     * Whether the client is still there, as far as the last send could tell.
     *
     * @return false once a send failed
     */
    public boolean isOpen() {
      return open;
    }

    /**
     * Whether the server has begun to shut down; a source should then end its stream (the client
     * reconnects elsewhere, from its {@code Last-Event-ID}).
     *
     * @return true once shutdown has begun
     */
    public boolean isShuttingDown() {
      return shuttingDown.getAsBoolean();
    }

    /**
     * Sends an unnamed event.
     *
     * @param data the data; each line becomes a {@code data:} line
     * @throws IOException when the client has gone
     */
    public void send(String data) throws IOException {
      send(null, null, data);
    }

    /**
     * Sends an event.
     *
     * @param id its id (the client's {@code Last-Event-ID} after it), or null
     * @param event its name (the client's {@code addEventListener} type), or null for {@code
     *     message}
     * @param data the data; each line becomes a {@code data:} line
     * @throws IOException when the client has gone
     */
    public void send(String id, String event, String data) throws IOException {
      StringBuilder b = new StringBuilder(data.length() + 32);
      if (id != null) {
        b.append("id: ").append(field("id", id)).append('\n');
      }
      if (event != null) {
        b.append("event: ").append(field("event", event)).append('\n');
      }
      for (String line : data.split("\r\n|\r|\n", -1)) {
        b.append("data: ").append(line).append('\n');
      }
      write(b.append('\n').toString());
    }

    /**
     * Sends a comment, which clients ignore: a heartbeat that keeps proxies from closing an idle
     * stream and finds out whether the client is still there.
     *
     * @param text the comment, one line
     * @throws IOException when the client has gone
     */
    public void comment(String text) throws IOException {
      write(": " + field("comment", text) + "\n\n");
    }

    /**
     * Tells the client how long to wait before it reconnects.
     *
     * @param delay the reconnection time
     * @throws IOException when the client has gone
     */
    public void retry(Duration delay) throws IOException {
      write("retry: " + delay.toMillis() + "\n\n");
    }

    private static String field(String what, String v) {
      if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("an event's " + what + " is one line");
      }
      return v;
    }

    private void write(String s) throws IOException {
      if (!open) {
        throw new IOException("the client has gone");
      }
      try {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        open = false;
        throw e;
      }
    }
  }
}

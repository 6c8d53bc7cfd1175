package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
  @Test
  void writesEventsCommentsAndRetryEachFlushedAtOnce() throws IOException {
    HttpRequest request =
        HttpRequest.builder(Method.GET, "/events").header("Last-Event-ID", "41").build();
    List<String> seen = new ArrayList<>();
    HttpResponse r =
        ServerSentEvents.response(
            request,
            events -> {
              seen.add(events.lastEventId());
              events.retry(Duration.ofSeconds(3));
              events.send("42", "price", "{\"eur\":1}");
              events.comment("keep-alive");
              events.send("two\nlines");
            });
    assertEquals("text/event-stream; charset=utf-8", r.header("Content-Type"));
    assertEquals("no-store", r.header("Cache-Control"));
    assertEquals(-1, r.body().length());
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    List<Integer> flushedAt = new ArrayList<>();
    r.body()
        .writeTo(
            new OutputStream() {
              @Override
              public void write(int b) {
                wire.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                wire.write(b, off, len);
              }

              @Override
              public void flush() {
                flushedAt.add(wire.size());
              }
            });
    assertEquals(List.of("41"), seen);
    String text = wire.toString(StandardCharsets.UTF_8);
    assertEquals(
        "retry: 3000\n\nid: 42\nevent: price\ndata: {\"eur\":1}\n\n: keep-alive\n\ndata: two\ndata: lines\n\n",
        text);
    assertEquals(4, flushedAt.size(), "each send flushed");
    assertEquals(text.length(), (int) flushedAt.get(3));
  }

  @Test
  void learnsThatTheClientHasGone() throws IOException {
    boolean[] openAfter = {true};
    HttpResponse r =
        ServerSentEvents.response(
            HttpRequest.get("/e"),
            events -> {
              try {
                events.send("first");
              } catch (IOException gone) {
                openAfter[0] = events.isOpen();
                assertThrows(IOException.class, () -> events.send("again"));
              }
            });
    r.body()
        .writeTo(
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
              }
            });
    assertFalse(openAfter[0]);
  }

  @Test
  void learnsThatTheServerIsShuttingDown() throws IOException {
    Lifecycle lifecycle = new Lifecycle();
    List<Boolean> seen = new ArrayList<>();
    HttpResponse r =
        ServerSentEvents.response(
            HttpRequest.get("/e"),
            events -> {
              seen.add(events.isShuttingDown());
              lifecycle.shuttingDown();
              seen.add(events.isShuttingDown());
            },
            lifecycle::isShuttingDown);
    r.body().writeTo(OutputStream.nullOutputStream());
    assertEquals(List.of(false, true), seen);
  }

  @Test
  void refusesMultiLineIdsAndNames() {
    HttpResponse r =
        ServerSentEvents.response(HttpRequest.get("/e"), events -> events.send("a\nb", null, "x"));
    assertThrows(
        IllegalArgumentException.class, () -> r.body().writeTo(OutputStream.nullOutputStream()));
    assertTrue(true);
  }
}

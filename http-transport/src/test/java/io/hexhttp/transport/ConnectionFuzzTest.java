package io.hexhttp.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import io.hexhttp.core.routing.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs arbitrary bytes through the whole connection loop. What comes back must be a sequence of
 * well-formed responses, where an error response closes the connection and nothing follows it.
 */
class ConnectionFuzzTest {
  static final HttpHandler APP =
      Router.builder()
          .get("/", r -> HttpResponse.ok())
          .get("/echo/{text*}", r -> HttpResponse.text(r.pathParam("text")))
          .post("/upload", r -> HttpResponse.text(String.valueOf(r.body().bytes().length)))
          .post("/ignore", r -> HttpResponse.of(Status.ACCEPTED))
          .build();
  static final ServerConfig CONFIG =
      ServerConfig.builder()
          .limits(ParserFuzzTest.LIMITS)
          .drainLimit(512)
          .idleTimeout(Duration.ofSeconds(1))
          .build();

  /**
   * Statuses the connection answers itself, which end the connection (its refusals are {@code
   * text/plain}); the same statuses rendered by the router's error responder ({@code text/plain;
   * charset=utf-8}) answer a request that was read whole, so the connection goes on.
   */
  static final Set<Integer> CLOSING = Set.of(400, 408, 413, 414, 417, 431, 500, 501, 505);

  @FuzzTest
  void answersEveryInputWithWellFormedResponses(byte[] input) {
    // the first byte chooses how the rest arrives: whole, or in pieces of 1 to 15 bytes
    int piece = input.length == 0 ? 1 : input[0] & 15;
    List<byte[]> pieces = new ArrayList<>();
    if (piece == 0) {
      pieces.add(input);
    } else {
      for (int at = 0; at < input.length; at += piece) {
        pieces.add(Arrays.copyOfRange(input, at, Math.min(input.length, at + piece)));
      }
    }
    String out =
        new String(new LocalConnector(APP, CONFIG).exchange(pieces), StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < out.length()) {
      if (!out.startsWith("HTTP/1.1 ", at)) {
        throw new AssertionError("not a status line at " + at + ": " + out);
      }
      int code = Integer.parseInt(out.substring(at + 9, at + 12));
      int headEnd = out.indexOf("\r\n\r\n", at);
      if (headEnd < 0) {
        throw new AssertionError("a response head without its end: " + out);
      }
      long length = 0;
      boolean close = false;
      boolean refusal = false;
      for (String line : out.substring(at, headEnd).split("\r\n")) {
        if (line.startsWith("Content-Length: ")) {
          length = Long.parseLong(line.substring(16));
        } else if (line.equals("Connection: close")) {
          close = true;
        } else if (line.equals("Content-Type: text/plain")) {
          refusal = true;
        }
      }
      if (CLOSING.contains(code) && refusal && !close) {
        throw new AssertionError("a protocol error did not close the connection: " + out);
      }
      at = headEnd + 4;
      // a HEAD response announces a length it does not send: find the next status line instead
      if (at + length <= out.length()
          && (at + length == out.length() || out.startsWith("HTTP/1.1 ", (int) (at + length)))) {
        at += (int) length;
      } else if (!out.startsWith("HTTP/1.1 ", at) && at != out.length()) {
        throw new AssertionError("a body does not match its Content-Length: " + out);
      }
      if (close && at < out.length()) {
        throw new AssertionError("bytes after Connection: close: " + out);
      }
    }
  }
}

package io.hexhttp.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hexhttp.core.Body;
import io.hexhttp.core.Compliance;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.codec.ParserLimits;
import io.hexhttp.core.codec.RequestParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes arbitrary bytes through the parser, in pieces the input chooses, then whole and a byte at
 * a time. The only failure allowed is its own status-carrying {@link HttpException}; anything else,
 * a hang, content beyond the limit or a piece not consumed is a finding, and so is any difference
 * between the three in the requests found and whether the bytes are refused: what the parser makes
 * of them must not depend on how they are cut, nor on what it remembers of the heads before (a line
 * the last head had is only taken whole when it arrives in one piece).
 */
class ParserFuzzTest {
  // small limits, so that any allocation the input could force stays small
  static final ParserLimits LIMITS = new ParserLimits(256, 1024, 20, 4096, 64);

  @FuzzTest
  void parsesOrRefuses(byte[] input) {
    Compliance mode =
        input.length > 0 && (input[0] & 1) == 1 ? Compliance.STRICT : Compliance.LENIENT;
    int piece = input.length == 0 ? 1 : (input[0] >> 1 & 7) + 1; // the input chooses its pieces
    List<String> bytes = outcomes(input, mode, 1);
    List<String> pieces = outcomes(input, mode, piece);
    List<String> whole = outcomes(input, mode, Math.max(1, input.length));
    if (!pieces.equals(bytes) || !whole.equals(bytes)) {
      throw new AssertionError(
          "the same bytes parsed differently\n a byte at a time: "
              + bytes
              + "\n in pieces of "
              + piece
              + ": "
              + pieces
              + "\n whole: "
              + whole);
    }
  }

  /** What one parser makes of {@code input} given in pieces of {@code piece} bytes. */
  private static List<String> outcomes(byte[] input, Compliance mode, int piece) {
    List<String> seen = new ArrayList<>();
    RequestParser parser = new RequestParser(LIMITS, mode);
    long content = 0;
    try {
      for (int at = 0; at < input.length; at += piece) {
        ByteBuffer in = ByteBuffer.wrap(input, at, Math.min(piece, input.length - at));
        while (true) {
          RequestParser.Result r = parser.parse(in);
          if (r == RequestParser.Result.NEED_DATA) {
            if (in.hasRemaining()) {
              throw new AssertionError("NEED_DATA with bytes left");
            }
            break;
          }
          if (r == RequestParser.Result.HEAD) {
            HttpRequest request = parser.request(Body.empty(), null);
            if (!request.path().startsWith("/")
                && !request.path().equals("*")
                && !request.method().name().equals("CONNECT")) {
              throw new AssertionError("a request without a path came through: " + request);
            }
            StringBuilder head =
                new StringBuilder("HEAD ")
                    .append(request.method().name())
                    .append(' ')
                    .append(request.target())
                    .append(" path=")
                    .append(request.path())
                    .append(" query=")
                    .append(request.query().orElse(null))
                    .append(' ')
                    .append(request.version())
                    .append(" length=")
                    .append(parser.bodyLength())
                    .append(" connection=")
                    .append(parser.hasConnectionField())
                    .append(" expect=")
                    .append(parser.hasExpectField());
            request
                .headers()
                .forEach(
                    (name, value) ->
                        head.append(" [").append(name).append(": ").append(value).append(']'));
            seen.add(head.toString());
            content = 0;
          } else if (r == RequestParser.Result.CONTENT) {
            int n = parser.contentReady(in);
            if (n <= 0 || n > in.remaining()) {
              throw new AssertionError(
                  "CONTENT of " + n + " bytes with " + in.remaining() + " left");
            }
            in.position(in.position() + n);
            parser.contentTaken(n);
            content += n;
            if (content > LIMITS.maxBodySize()) {
              throw new AssertionError("content over the limit came through");
            }
          } else {
            seen.add("END content=" + content);
          }
        }
      }
      seen.add(parser.isIdle() ? "idle" : "waiting");
    } catch (HttpException refused) {
      // refused with a status: an answer. Which status may depend on the cut: a line over its
      // limit is refused before its end arrives, and whole it may break another rule first
      seen.add("refused");
    }
    return seen;
  }
}

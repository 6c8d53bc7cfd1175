package io.hexhttp.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hexhttp.core.Body;
import io.hexhttp.core.Compliance;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.codec.ParserLimits;
import io.hexhttp.core.codec.RequestParser;
import java.nio.ByteBuffer;

/**
 * Pushes arbitrary bytes through the parser, in pieces the input chooses. The only failure allowed
 * is its own status-carrying {@link HttpException}; anything else, a hang, content beyond the limit
 * or a piece not consumed is a finding.
 */
class ParserFuzzTest {
  // small limits, so that any allocation the input could force stays small
  static final ParserLimits LIMITS = new ParserLimits(256, 1024, 20, 4096, 64);

  @FuzzTest
  void parsesOrRefuses(byte[] input) {
    Compliance mode =
        input.length > 0 && (input[0] & 1) == 1 ? Compliance.STRICT : Compliance.LENIENT;
    int piece = input.length == 0 ? 1 : (input[0] >> 1 & 7) + 1; // the input chooses its pieces
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
          }
        }
      }
    } catch (HttpException expected) {
      // refused with a status: an answer
    }
  }
}

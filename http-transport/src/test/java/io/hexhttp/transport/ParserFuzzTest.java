package io.hexhttp.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hexhttp.core.Compliance;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.codec.ParserLimits;
import io.hexhttp.core.codec.RequestParser;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Feeds the parser arbitrary bytes. The only failures allowed are its own status-carrying
 * {@link HttpException} and {@link EOFException} for content cut short; anything else, a hang or
 * an allocation beyond the limits is a finding.
 */
class ParserFuzzTest {
  // small limits, so that any allocation the input could force stays small
  static final ParserLimits LIMITS = new ParserLimits(256, 1024, 20, 4096, 64);

  @FuzzTest
  void parsesOrRefuses(byte[] input) throws IOException {
    Compliance mode = input.length > 0 && (input[0] & 1) == 1 ? Compliance.STRICT : Compliance.LENIENT;
    RequestParser parser = new RequestParser(new ByteArrayInputStream(input), LIMITS, mode);
    try {
      for (int i = 0; i < 64; i++) {
        HttpRequest request = parser.next();
        if (request == null) {
          return;
        }
        if (!request.path().startsWith("/") && !request.path().equals("*")
            && !request.method().name().equals("CONNECT")) {
          throw new AssertionError("a request without a path came through: " + request);
        }
        try (InputStream body = request.body().stream()) {
          byte[] content = body.readAllBytes();
          if (content.length > LIMITS.maxBodySize()) {
            throw new AssertionError("content over the limit came through");
          }
        }
      }
    } catch (HttpException | EOFException expected) {
      // refused with a status, or cut short: both are answers
    }
  }
}

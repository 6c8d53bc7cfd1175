package io.hexhttp.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hexhttp.core.Body;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.Method;
import io.hexhttp.core.Multipart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Feeds the multipart/form-data reader arbitrary bodies, delivered in pieces whose size the input
 * chooses. The only failure allowed is its own status-carrying {@link HttpException}; anything
 * else, a hang, more content than the body held or more parts than the limit is a finding.
 */
class MultipartFuzzTest {
  static final Multipart.Limits LIMITS = new Multipart.Limits(8, 256, 4096);

  @FuzzTest
  void readsOrRefuses(byte[] input) throws IOException {
    int piece = input.length == 0 ? 1 : 1 + (input[0] & 0x3f);
    ByteArrayInputStream bytes =
        new ByteArrayInputStream(input) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, piece));
          }
        };
    HttpRequest request =
        HttpRequest.builder(Method.POST, "/upload")
            .header("Content-Type", "multipart/form-data; boundary=B0undary")
            .body(Body.ofStream(bytes, -1))
            .build();
    long content = 0;
    int parts = 0;
    try (Multipart form = Multipart.of(request, LIMITS)) {
      for (Optional<Multipart.Part> p; (p = form.next()).isPresent(); ) {
        if (++parts > LIMITS.maxParts()) {
          throw new AssertionError("more parts than the limit came through");
        }
        if (p.get().name() == null) {
          throw new AssertionError("a part without a name came through");
        }
        content += p.get().stream().readAllBytes().length;
        if (content > input.length) {
          throw new AssertionError("more content than the body held");
        }
      }
    } catch (HttpException expected) {
      // refused with a status: an answer
    }
  }
}

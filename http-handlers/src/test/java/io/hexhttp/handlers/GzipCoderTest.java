package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.hexhttp.core.Body;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipCoderTest {
  private static byte[] gunzip(byte[] member) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
      return in.readAllBytes();
    }
  }

  private static byte[] body(int size, long seed, boolean compressible) {
    byte[] b = new byte[size];
    Random random = new Random(seed);
    for (int i = 0; i < size; i++) {
      b[i] = compressible ? (byte) ('a' + random.nextInt(4)) : (byte) random.nextInt();
    }
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 100, 1024, 65_537, 1 << 20})
  void roundTripsCompressibleAndRandomBodies(int size) throws IOException {
    GzipCoder coder = new GzipCoder(1);
    for (boolean compressible : new boolean[] {true, false}) {
      byte[] plain = body(size, size, compressible);
      // twice through the same (reset) deflater: the second member must be as good as the first
      byte[] first = coder.encode((Body.BytesBody) Body.BytesBody.wrap(plain));
      byte[] second = coder.encode((Body.BytesBody) Body.BytesBody.wrap(plain));
      assertArrayEquals(plain, gunzip(first));
      assertArrayEquals(first, second);
    }
  }

  @Test
  void servesMoreConcurrentUsersThanItKeeps() throws Exception {
    GzipCoder coder = new GzipCoder(2);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    byte[] plain = body(1 + (i * 37 + seed) % 5000, seed * 1000L + i, i % 2 == 0);
                    byte[] coded = coder.encode((Body.BytesBody) Body.BytesBody.wrap(plain));
                    assertArrayEquals(plain, gunzip(coded));
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : results) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

package io.hexhttp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpDateTest {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  @Test
  void writesTheRfcExample() {
    assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(784111777_000L));
    assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(784111777_999L));
  }

  @Test
  void writesWhatTheJdksFormatterWritesAtAnyInstant() {
    Random random = new Random(11);
    long[] edges = {
      0,
      -1,
      -1000,
      951_782_400_000L,
      253_402_300_799_000L,
      253_402_300_800_000L,
      -62_167_219_200_000L
    };
    for (long millis : edges) {
      assertEquals(expected(millis), HttpDate.format(millis), Long.toString(millis));
    }
    for (int i = 0; i < 100_000; i++) {
      long millis = random.nextLong(-70_000_000_000_000L, 300_000_000_000_000L);
      assertEquals(expected(millis), HttpDate.format(millis), Long.toString(millis));
    }
  }

  @Test
  void readsWhatItWrites() {
    long millis = 1_700_000_000_000L;
    assertEquals(OptionalLong.of(millis), HttpDate.parse(HttpDate.format(millis)));
  }

  private static String expected(long millis) {
    return IMF_FIXDATE.format(Instant.ofEpochSecond(Math.floorDiv(millis, 1000)));
  }
}

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
    assertEquals(OptionalLong.of(millis), HttpDate.parse(HttpDate.format(millis), millis));
  }

  @Test
  void readsTheThreeFormsOfTheRfcsExample() {
    long now = Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
    OptionalLong example = OptionalLong.of(784111777_000L);
    assertEquals(example, HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", now));
    assertEquals(example, HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now));
    assertEquals(example, HttpDate.parse("Sun Nov  6 08:49:37 1994", now));
    assertEquals(OptionalLong.empty(), HttpDate.parse("yesterday", now));
  }

  @Test
  void readsATwoDigitYearRelativeToTheTimeItIsReadAt() {
    // RFC 9110 §5.6.7: a year more than 50 years ahead is the most recent past one
    long in2026 = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    assertEquals(year(1994), HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", in2026));
    assertEquals(year(2030), HttpDate.parse("Wednesday, 06-Nov-30 08:49:37 GMT", in2026));
    assertEquals(year(2076), HttpDate.parse("Friday, 06-Nov-76 08:49:37 GMT", in2026)); // 50 ahead
    assertEquals(year(1977), HttpDate.parse("Sunday, 06-Nov-77 08:49:37 GMT", in2026)); // 51
    long in2090 = Instant.parse("2090-06-01T00:00:00Z").toEpochMilli();
    assertEquals(year(2094), HttpDate.parse("Saturday, 06-Nov-94 08:49:37 GMT", in2090));
    assertEquals(year(1994), HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", in2026), "again");
  }

  private static OptionalLong year(int year) {
    return OptionalLong.of(Instant.parse(year + "-11-06T08:49:37Z").toEpochMilli());
  }

  private static String expected(long millis) {
    return IMF_FIXDATE.format(Instant.ofEpochSecond(Math.floorDiv(millis, 1000)));
  }
}

package io.hexhttp.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}),
 * read in that form and in the two obsolete ones a recipient must accept (RFC 850's and ANSI C's
 * {@code asctime}). Seconds are the resolution: milliseconds are dropped.
 */
public final class HttpDate {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  // RFC 850's two-digit years, read relative to the year of the time a date is read at: built when
  // that year is first seen, and kept (a date read near New Year may build it twice)
  private static volatile Rfc850 rfc850 = new Rfc850(Integer.MIN_VALUE, null);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  private HttpDate() {}

  /**
   * The IMF-fixdate of an instant.
   *
   * @param epochMillis milliseconds since the epoch
   * @return e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}
   */
  public static String format(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 1 || year > 9999) { // yyyy is the year of the era: year 0 is 1 BC
      return IMF_FIXDATE.format(Instant.ofEpochSecond(second)); // rare: the formatter
    }
    // by hand: a file's Last-Modified is written on every answer, and the formatter is slow
    byte[] b = new byte[29];
    copy(DAYS[t.getDayOfWeek().ordinal()], b, 0);
    b[3] = ',';
    b[4] = ' ';
    two(t.getDayOfMonth(), b, 5);
    b[7] = ' ';
    copy(MONTHS[t.getMonthValue() - 1], b, 8);
    b[11] = ' ';
    two(year / 100, b, 12);
    two(year % 100, b, 14);
    b[16] = ' ';
    two(t.getHour(), b, 17);
    b[19] = ':';
    two(t.getMinute(), b, 20);
    b[22] = ':';
    two(t.getSecond(), b, 23);
    copy(" GMT", b, 25);
    return new String(b, StandardCharsets.US_ASCII);
  }

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private static void copy(String s, byte[] b, int at) {
    for (int i = 0; i < s.length(); i++) {
      b[at + i] = (byte) s.charAt(i);
    }
  }

  private static void two(int v, byte[] b, int at) {
    b[at] = (byte) ('0' + v / 10);
    b[at + 1] = (byte) ('0' + v % 10);
  }

  /**
   * Reads an HTTP date in any of its three forms. An RFC 850 date's two-digit year is the one of
   * the century around {@code nowMillis} that is at most 50 years after it: a year that would be
   * more than 50 years ahead is the most recent past one with those digits (RFC 9110 §5.6.7). The
   * caller says what time it is, so that reading a date reads no clock.
   *
   * @param text the field value
   * @param nowMillis the time the date is read at, in milliseconds since the epoch
   * @return milliseconds since the epoch (a whole second), or empty if it is not an HTTP date
   */
  public static OptionalLong parse(String text, long nowMillis) {
    String s = text.strip();
    for (int form = 0; form < 3; form++) {
      try {
        DateTimeFormatter f =
            switch (form) {
              case 0 -> IMF_FIXDATE;
              case 1 -> rfc850(nowMillis);
              default -> ASCTIME;
            };
        LocalDateTime t = LocalDateTime.parse(s, f);
        return OptionalLong.of(t.toEpochSecond(ZoneOffset.UTC) * 1000);
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return OptionalLong.empty();
  }

  private static DateTimeFormatter rfc850(long nowMillis) {
    int year =
        LocalDateTime.ofEpochSecond(Math.floorDiv(nowMillis, 1000), 0, ZoneOffset.UTC).getYear();
    Rfc850 r = rfc850;
    if (r.year != year) {
      r =
          new Rfc850(
              year,
              new DateTimeFormatterBuilder()
                  .appendPattern("EEEE, dd-MMM-")
                  // from 49 years before the year to 50 after it
                  .appendValueReduced(ChronoField.YEAR, 2, 2, year - 49)
                  .appendPattern(" HH:mm:ss 'GMT'")
                  .toFormatter(Locale.US));
      rfc850 = r;
    }
    return r.formatter;
  }

  private record Rfc850(int year, DateTimeFormatter formatter) {}
}

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
  private static final DateTimeFormatter RFC_850 =
      new DateTimeFormatterBuilder()
          .appendPattern("EEEE, dd-MMM-")
          // a two-digit year more than 50 years ahead is in the past (RFC 9110 §5.6.7)
          .appendValueReduced(
              ChronoField.YEAR, 2, 2, LocalDateTime.now(ZoneOffset.UTC).getYear() - 49)
          .appendPattern(" HH:mm:ss 'GMT'")
          .toFormatter(Locale.US);
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
   * Reads an HTTP date in any of its three forms.
   *
   * @param text the field value
   * @return milliseconds since the epoch (a whole second), or empty if it is not an HTTP date
   */
  public static OptionalLong parse(String text) {
    String s = text.strip();
    for (DateTimeFormatter f : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
      try {
        LocalDateTime t = LocalDateTime.parse(s, f);
        return OptionalLong.of(t.toEpochSecond(ZoneOffset.UTC) * 1000);
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return OptionalLong.empty();
  }
}

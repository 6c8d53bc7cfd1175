package io.hexhttp.core;

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
    return IMF_FIXDATE.format(Instant.ofEpochSecond(Math.floorDiv(epochMillis, 1000)));
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

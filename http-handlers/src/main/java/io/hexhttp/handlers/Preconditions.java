package io.hexhttp.handlers;

import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpDate;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Conditional requests (RFC 9110 §13): the precondition fields evaluated against a resource's
 * validators in the order §13.2.2 gives, and {@code If-Range} (§13.1.5).
 */
public final class Preconditions {
  /** What the preconditions say. */
  public enum Outcome {
    /** Carry out the method. */
    PROCEED,
    /** Answer 304 Not Modified (GET and HEAD only). */
    NOT_MODIFIED,
    /** Answer 412 Precondition Failed. */
    PRECONDITION_FAILED
  }

  // the time, read only when a date field is there to read (most requests have none)
  private static final LongSupplier SYSTEM_CLOCK = System::currentTimeMillis;

  private Preconditions() {}

  /**
   * Evaluates {@code If-Match}, {@code If-Unmodified-Since}, {@code If-None-Match} and {@code
   * If-Modified-Since}, in RFC 9110 §13.2.2's order.
   *
   * @param request the request
   * @param etag the current representation's strong entity tag, quoted, or null if there is none
   *     (the resource does not exist)
   * @param lastModified its modification time in epoch milliseconds, or -1 if unknown or absent
   * @return what to do
   */
  public static Outcome evaluate(HttpRequest request, String etag, long lastModified) {
    return evaluate(request, etag, lastModified, SYSTEM_CLOCK);
  }

  /**
   * {@link #evaluate(HttpRequest, String, long)} at a given time: the one an obsolete RFC 850
   * date's two-digit year is read relative to ({@link HttpDate#parse(String, long)}).
   *
   * @param request the request
   * @param etag the current representation's strong entity tag, quoted, or null if there is none
   * @param lastModified its modification time in epoch milliseconds, or -1 if unknown or absent
   * @param nowMillis the time now, in epoch milliseconds
   * @return what to do
   */
  public static Outcome evaluate(
      HttpRequest request, String etag, long lastModified, long nowMillis) {
    return evaluate(request, etag, lastModified, () -> nowMillis);
  }

  private static Outcome evaluate(
      HttpRequest request, String etag, long lastModified, LongSupplier now) {
    Headers h = request.headers();
    boolean exists = etag != null;
    boolean safe = request.method().equals(Method.GET) || request.method().equals(Method.HEAD);
    String ifMatch = joined(h, "If-Match");
    if (ifMatch != null) {
      // step 1: strong comparison; "*" matches any current representation
      if (!matches(ifMatch, etag, true)) {
        return Outcome.PRECONDITION_FAILED;
      }
    } else {
      // step 2
      OptionalLong since = date(h, "If-Unmodified-Since", now);
      if (since.isPresent()
          && exists
          && lastModified >= 0
          && seconds(lastModified) > since.getAsLong()) {
        return Outcome.PRECONDITION_FAILED;
      }
    }
    String ifNoneMatch = joined(h, "If-None-Match");
    if (ifNoneMatch != null) {
      // step 3: weak comparison
      if (matches(ifNoneMatch, etag, false)) {
        return safe ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
      }
    } else if (safe && exists && lastModified >= 0) {
      // step 4
      OptionalLong since = date(h, "If-Modified-Since", now);
      if (since.isPresent() && seconds(lastModified) <= since.getAsLong()) {
        return Outcome.NOT_MODIFIED;
      }
    }
    return Outcome.PROCEED;
  }

  /**
   * Whether a {@code Range} may be honoured under {@code If-Range} (RFC 9110 §13.1.5): true when
   * the field is absent, or names the current entity tag (strongly), or is the exact modification
   * date (a date only counts when it is strong, i.e. the representation was not changed within that
   * second: here, when it is an exact match).
   *
   * @param request the request
   * @param etag the current strong entity tag, quoted
   * @param lastModified the current modification time, in epoch milliseconds
   * @return whether to answer with the range (206) rather than the whole (200)
   */
  public static boolean rangeApplies(HttpRequest request, String etag, long lastModified) {
    return rangeApplies(request, etag, lastModified, SYSTEM_CLOCK);
  }

  /**
   * {@link #rangeApplies(HttpRequest, String, long)} at a given time (see {@link
   * #evaluate(HttpRequest, String, long, long)}).
   *
   * @param request the request
   * @param etag the current strong entity tag, quoted
   * @param lastModified the current modification time, in epoch milliseconds
   * @param nowMillis the time now, in epoch milliseconds
   * @return whether to answer with the range (206) rather than the whole (200)
   */
  public static boolean rangeApplies(
      HttpRequest request, String etag, long lastModified, long nowMillis) {
    return rangeApplies(request, etag, lastModified, () -> nowMillis);
  }

  private static boolean rangeApplies(
      HttpRequest request, String etag, long lastModified, LongSupplier now) {
    String ifRange = request.headers().firstOrNull("If-Range");
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.strip();
    if (v.startsWith("\"") || v.startsWith("W/")) {
      return !v.startsWith("W/") && v.equals(etag);
    }
    OptionalLong date = HttpDate.parse(v, now.getAsLong());
    return date.isPresent() && lastModified >= 0 && date.getAsLong() == seconds(lastModified);
  }

  private static long seconds(long millis) {
    return Math.floorDiv(millis, 1000) * 1000;
  }

  private static String joined(Headers h, String name) {
    List<String> values = h.all(name);
    return values.isEmpty() ? null : String.join(",", values);
  }

  private static OptionalLong date(Headers h, String name, LongSupplier now) {
    List<String> values = h.all(name);
    // a field sent more than once, or not a date, is ignored (RFC 9110 §13.1.3)
    return values.size() == 1
        ? HttpDate.parse(values.get(0), now.getAsLong())
        : OptionalLong.empty();
  }

  /**
   * Whether an {@code If-Match} / {@code If-None-Match} list matches {@code etag}.
   *
   * @param list the field value: {@code *} or entity tags separated by commas
   * @param etag the current tag, or null when there is no current representation
   * @param strong strong comparison (both tags strong and equal) or weak (opaque parts equal)
   */
  static boolean matches(String list, String etag, boolean strong) {
    if (list.strip().equals("*")) {
      return etag != null;
    }
    if (etag == null) {
      return false;
    }
    String current = opaque(etag);
    boolean currentWeak = etag.startsWith("W/");
    for (String tag : tags(list)) {
      boolean weak = tag.startsWith("W/");
      if (strong && (weak || currentWeak)) {
        continue;
      }
      if (opaque(tag).equals(current)) {
        return true;
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  /**
   * The entity tags of a list, each {@code "..."} or {@code W/"..."}; malformed members dropped.
   */
  static List<String> tags(String list) {
    List<String> tags = new ArrayList<>();
    int i = 0;
    int n = list.length();
    while (i < n) {
      char c = list.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
        continue;
      }
      int start = i;
      if (list.startsWith("W/", i)) {
        i += 2;
      }
      if (i < n && list.charAt(i) == '"') {
        int close = list.indexOf('"', i + 1);
        if (close < 0) {
          break;
        }
        tags.add(list.substring(start, close + 1));
        i = close + 1;
      } else {
        int comma = list.indexOf(',', i);
        i = comma < 0 ? n : comma + 1; // not an entity tag: skip it
      }
    }
    return tags;
  }
}

package io.hexhttp.handlers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code Range} field's byte ranges (RFC 9110 §14.1.2), resolved against a representation's
 * length. A field that is not a valid {@code bytes} range set is ignored (the whole representation
 * is sent), as §14.2 allows; so is one with more ranges than a bound, or with ranges that overlap
 * (a server may refuse to serve such a set piecemeal, and nginx and Jetty send the whole instead).
 */
public final class ByteRanges {
  /** One satisfiable range: {@code first} to {@code last}, both included. */
  public record Range(long first, long last) {
    /**
     * How many bytes it spans.
     *
     * @return {@code last - first + 1}
     */
    public long length() {
      return last - first + 1;
    }

    /**
     * The {@code Content-Range} value for it.
     *
     * @param complete the representation's length
     * @return e.g. {@code bytes 0-499/1234}
     */
    public String contentRange(long complete) {
      return "bytes " + first + "-" + last + "/" + complete;
    }
  }

  /**
   * What a {@code Range} field asks of a representation.
   *
   * @param kind what to answer
   * @param ranges the satisfiable ranges, in the order asked (for {@link Kind#PARTIAL})
   */
  public record Result(Kind kind, List<Range> ranges) {}

  /** What to answer. */
  public enum Kind {
    /** 200 with the whole representation: no usable range set. */
    WHOLE,
    /** 206 with the ranges (one, or several as multipart/byteranges). */
    PARTIAL,
    /** 416 Range Not Satisfiable, with {@code Content-Range: bytes *}{@code /length}. */
    UNSATISFIABLE
  }

  private static final Result WHOLE = new Result(Kind.WHOLE, List.of());

  private ByteRanges() {}

  /**
   * Resolves a {@code Range} field value against a length.
   *
   * @param field the field value, e.g. {@code bytes=0-99,-100}; null when absent
   * @param length the representation's length
   * @param maxRanges how many ranges are served at most; more means the whole
   * @return what to answer
   */
  public static Result resolve(String field, long length, int maxRanges) {
    if (field == null) {
      return WHOLE;
    }
    String v = field.strip();
    int eq = v.indexOf('=');
    if (eq < 0 || !v.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
      return WHOLE; // another unit, or no unit: ignored
    }
    List<Range> ranges = new ArrayList<>();
    int count = 0;
    for (String spec : v.substring(eq + 1).split(",", -1)) {
      String s = spec.strip();
      if (s.isEmpty()) {
        continue; // empty list members are allowed (RFC 9110 §5.6.1)
      }
      if (++count > maxRanges) {
        return WHOLE;
      }
      int dash = s.indexOf('-');
      if (dash < 0) {
        return WHOLE;
      }
      String a = s.substring(0, dash).strip();
      String b = s.substring(dash + 1).strip();
      if (a.isEmpty()) {
        // suffix: the last b bytes
        long suffix = digits(b);
        if (suffix < 0) {
          return WHOLE;
        }
        if (suffix > 0 && length > 0) {
          ranges.add(new Range(Math.max(0, length - suffix), length - 1));
        }
        continue;
      }
      long first = digits(a);
      long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
      if (first < 0 || last < 0 || last < first) {
        return WHOLE; // invalid: the whole field is ignored
      }
      if (first < length) {
        ranges.add(new Range(first, Math.min(last, length - 1)));
      }
    }
    if (count == 0) {
      return WHOLE;
    }
    if (ranges.isEmpty()) {
      return new Result(Kind.UNSATISFIABLE, List.of());
    }
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(Range::first));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).first() <= sorted.get(i - 1).last()) {
        return WHOLE; // overlapping ranges: one whole answer rather than a multiplied one
      }
    }
    return new Result(Kind.PARTIAL, List.copyOf(ranges));
  }

  /** A non-negative decimal that fits a long, or -1. */
  private static long digits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}

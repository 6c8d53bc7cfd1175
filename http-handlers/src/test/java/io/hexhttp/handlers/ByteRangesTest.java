package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hexhttp.handlers.ByteRanges.Kind;
import io.hexhttp.handlers.ByteRanges.Range;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §14.1.2 byte ranges, resolved against a 10,000-byte representation. */
class ByteRangesTest {
  private static ByteRanges.Result resolve(String field) {
    return ByteRanges.resolve(field, 10_000, 4);
  }

  private static List<Range> ranges(String field) {
    ByteRanges.Result r = resolve(field);
    assertEquals(Kind.PARTIAL, r.kind(), field);
    return r.ranges();
  }

  @Test
  void readsFirstLastOpenAndSuffixRanges() {
    assertEquals(List.of(new Range(0, 499)), ranges("bytes=0-499"));
    assertEquals(List.of(new Range(9500, 9999)), ranges("bytes=9500-"));
    assertEquals(List.of(new Range(9500, 9999)), ranges("bytes=-500"));
    assertEquals(
        List.of(new Range(0, 9999)), ranges("bytes=-20000"), "a suffix longer than the whole");
    assertEquals(List.of(new Range(9000, 9999)), ranges("bytes=9000-20000"), "a last past the end");
    assertEquals(List.of(new Range(0, 0), new Range(9999, 9999)), ranges("bytes=0-0,-1"));
    assertEquals(
        List.of(new Range(500, 999), new Range(0, 99)),
        ranges("BYTES = 500-999 , 0-99"),
        "order kept");
  }

  @Test
  void namesTheContentRange() {
    assertEquals("bytes 0-499/10000", new Range(0, 499).contentRange(10_000));
  }

  /** §14.1.2: a range set with no satisfiable range → 416; unsatisfiable members are dropped. */
  @Test
  void findsUnsatisfiableSets() {
    assertEquals(Kind.UNSATISFIABLE, resolve("bytes=10000-").kind());
    assertEquals(Kind.UNSATISFIABLE, resolve("bytes=20000-30000").kind());
    assertEquals(Kind.UNSATISFIABLE, resolve("bytes=-0").kind());
    assertEquals(List.of(new Range(0, 9)), ranges("bytes=0-9,20000-"));
    assertEquals(Kind.UNSATISFIABLE, ByteRanges.resolve("bytes=0-", 0, 4).kind(), "an empty file");
  }

  /** §14.2: an invalid or other-unit Range is ignored: the whole representation is sent. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "items=0-5",
        "bytes",
        "bytes=",
        "bytes=5-1",
        "bytes=a-b",
        "bytes=1-2-3",
        "bytes=--5",
        "bytes=0-99999999999999999999",
        "0-5"
      })
  void ignoresInvalidFields(String field) {
    assertEquals(Kind.WHOLE, resolve(field).kind(), field);
  }

  /** §14.2: too many ranges, or overlapping ones, are served as the whole (as nginx and Jetty). */
  @Test
  void servesTooManyOrOverlappingRangesWhole() {
    assertEquals(Kind.WHOLE, resolve("bytes=0-1,2-3,4-5,6-7,8-9").kind());
    assertEquals(Kind.PARTIAL, resolve("bytes=0-1,2-3,4-5,6-7").kind());
    assertEquals(Kind.WHOLE, resolve("bytes=0-100,50-150").kind());
    assertEquals(Kind.WHOLE, resolve("bytes=0-,-5").kind());
  }
}

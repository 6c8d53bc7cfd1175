package io.hexhttp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {
  @Test
  void looksUpNamesIgnoringCaseAndKeepsOrder() {
    Headers h = Headers.of("Accept", "a", "X-B", "1", "accept", "b");
    assertEquals("a", h.first("ACCEPT").orElseThrow());
    assertEquals(List.of("a", "b"), h.all("accept"));
    assertEquals("X-B", h.name(1));
    assertEquals(2, h.count("Accept"));
  }

  @Test
  void aBuilderSizedForFewLinesTakesManyAndStaysIndependentOfWhatItBuilt() {
    for (int expected : new int[] {-1, 0, 1, 3}) {
      Headers.Builder b = Headers.builder(expected);
      for (int i = 0; i < 20; i++) {
        b.add("X-" + i, "v" + i);
      }
      Headers built = b.build();
      b.add("X-late", "after").set("X-0", "changed");
      assertEquals(20, built.size());
      assertEquals("v0", built.first("x-0").orElseThrow());
      assertEquals("v19", built.first("X-19").orElseThrow());
      assertEquals(21, b.build().size());
      assertEquals("changed", b.build().first("X-0").orElseThrow());
    }
  }

  @Test
  void aSetDerivedAgainWithTheSameLineIsTheFirstOneAndAnyOtherLineMakesItsOwn() {
    Headers base = Headers.of("Content-Type", "text/plain");
    Headers vary = base.with("Vary", "Accept-Encoding");
    assertSame(vary, base.with("Vary", "Accept-Encoding")); // copied once for every answer
    for (int i = 0; i < 3; i++) {
      Headers other = base.with("X-Request", "r" + i); // each its own, the first set still kept
      assertEquals(List.of("Content-Type", "X-Request"), List.of(other.name(0), other.name(1)));
      assertEquals("r" + i, other.firstOrNull("X-Request"));
      assertEquals(2, other.size());
    }
    assertSame(vary, base.with("Vary", "Accept-Encoding"));
    assertEquals("Accept-Encoding", vary.firstOrNull("Vary"));
    assertEquals(2, base.with("Vary", "*").size());
    assertEquals("*", base.with("Vary", "*").firstOrNull("Vary"));
    assertEquals(1, base.size());
    Headers first = Headers.of("A", "1").with("B", "2");
    assertThrows(IllegalArgumentException.class, () -> first.with("B", "bad\n"));
  }

  @Test
  void splitsListValuesAcrossLines() {
    Headers h = Headers.of("Accept-Encoding", "gzip, br", "Accept-Encoding", " deflate ;q=0.5,");
    assertEquals(List.of("gzip", "br", "deflate ;q=0.5"), h.elements("accept-encoding"));
    assertTrue(h.hasElement("Accept-Encoding", "BR"));
    assertFalse(h.hasElement("Accept-Encoding", "zstd"));
  }

  @Test
  void replacesAndRemoves() {
    Headers h = Headers.of("A", "1", "B", "2", "a", "3");
    assertEquals(Headers.of("A", "9", "B", "2"), h.withReplaced("a", "9"));
    assertEquals(Headers.of("B", "2"), h.without("A"));
  }

  @Test
  void refusesInvalidNamesAndValues() {
    assertThrows(IllegalArgumentException.class, () -> Headers.of("Bad Name", "x"));
    assertThrows(IllegalArgumentException.class, () -> Headers.of("X", "a\r\nInjected: 1"));
    assertThrows(IllegalArgumentException.class, () -> Headers.of("X", "a\u0000"));
  }

  @Test
  void comparesNamesIgnoringCase() {
    assertEquals(Headers.of("content-type", "x"), Headers.of("Content-Type", "x"));
    assertEquals(
        Headers.of("content-type", "x").hashCode(), Headers.of("Content-Type", "x").hashCode());
  }

  @Test
  void aBuilderChangedAfterBuildLeavesWhatItBuiltAlone() {
    Headers.Builder b = Headers.builder().add("A", "1").add("B", "2");
    Headers first = b.build();
    b.add("C", "3");
    Headers second = b.set("A", "9").build();
    b.remove("B");
    Headers third = b.build();
    assertEquals(Headers.of("A", "1", "B", "2"), first);
    assertEquals(Headers.of("A", "9", "B", "2", "C", "3"), second);
    assertEquals(Headers.of("A", "9", "C", "3"), third);
  }
}

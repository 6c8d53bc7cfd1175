package io.hexhttp.handlers;

import static io.hexhttp.handlers.Preconditions.Outcome.NOT_MODIFIED;
import static io.hexhttp.handlers.Preconditions.Outcome.PRECONDITION_FAILED;
import static io.hexhttp.handlers.Preconditions.Outcome.PROCEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9110 §13: each precondition field, and the order of §13.2.2. */
class PreconditionsTest {
  private static final String ETAG = "\"v1\"";
  private static final long MODIFIED = 784_111_777_000L; // Sun, 06 Nov 1994 08:49:37 GMT
  private static final String AT = "Sun, 06 Nov 1994 08:49:37 GMT";
  private static final String BEFORE = "Sun, 06 Nov 1994 08:49:36 GMT";
  private static final String AFTER = "Sun, 06 Nov 1994 08:49:38 GMT";

  private static Preconditions.Outcome eval(Method method, String... headers) {
    HttpRequest.Builder b = HttpRequest.builder(method, "/r");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return Preconditions.evaluate(b.build(), ETAG, MODIFIED + 400); // milliseconds never count
  }

  @Test
  void withoutPreconditionsProceeds() {
    assertEquals(PROCEED, eval(Method.GET));
  }

  /** §13.1.1: If-Match, strong comparison; "*" matches any current representation. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"v1\"|PROCEED",
        "\"v0\", \"v1\"|PROCEED",
        "*|PROCEED",
        "\"v0\"|PRECONDITION_FAILED",
        "W/\"v1\"|PRECONDITION_FAILED"
      })
  void ifMatch(String value, Preconditions.Outcome expected) {
    assertEquals(expected, eval(Method.PUT, "If-Match", value));
    assertEquals(expected, eval(Method.GET, "If-Match", value));
  }

  @Test
  void ifMatchStarFailsWhenThereIsNoRepresentation() {
    HttpRequest put = HttpRequest.builder(Method.PUT, "/r").header("If-Match", "*").build();
    assertEquals(PRECONDITION_FAILED, Preconditions.evaluate(put, null, -1));
  }

  /** §13.1.4, step 2 of §13.2.2. */
  @Test
  void ifUnmodifiedSince() {
    assertEquals(PROCEED, eval(Method.PUT, "If-Unmodified-Since", AT));
    assertEquals(PRECONDITION_FAILED, eval(Method.PUT, "If-Unmodified-Since", BEFORE));
    assertEquals(PROCEED, eval(Method.PUT, "If-Unmodified-Since", "not a date"));
  }

  /** §13.2.2 step 1 before 2: If-Unmodified-Since is ignored when If-Match is present. */
  @Test
  void ifMatchOverridesIfUnmodifiedSince() {
    assertEquals(PROCEED, eval(Method.PUT, "If-Match", ETAG, "If-Unmodified-Since", BEFORE));
  }

  /** §13.1.2: weak comparison; 304 for GET and HEAD, 412 for other methods. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "GET|\"v1\"|NOT_MODIFIED", "HEAD|W/\"v1\"|NOT_MODIFIED",
            "GET|\"v0\", W/\"v1\"|NOT_MODIFIED",
        "GET|*|NOT_MODIFIED", "GET|\"v0\"|PROCEED", "POST|\"v1\"|PRECONDITION_FAILED",
        "PUT|*|PRECONDITION_FAILED", "DELETE|\"v0\"|PROCEED"
      })
  void ifNoneMatch(String method, String value, Preconditions.Outcome expected) {
    assertEquals(expected, eval(Method.of(method), "If-None-Match", value));
  }

  /** §13.1.3: only for GET and HEAD, and only without If-None-Match. */
  @Test
  void ifModifiedSince() {
    assertEquals(NOT_MODIFIED, eval(Method.GET, "If-Modified-Since", AT));
    assertEquals(NOT_MODIFIED, eval(Method.HEAD, "If-Modified-Since", AFTER));
    assertEquals(PROCEED, eval(Method.GET, "If-Modified-Since", BEFORE));
    assertEquals(PROCEED, eval(Method.POST, "If-Modified-Since", AT));
    assertEquals(PROCEED, eval(Method.GET, "If-Modified-Since", "yesterday"));
    // the obsolete date forms a recipient must read (§5.6.7)
    assertEquals(
        NOT_MODIFIED, eval(Method.GET, "If-Modified-Since", "Sunday, 06-Nov-94 08:49:37 GMT"));
    assertEquals(NOT_MODIFIED, eval(Method.GET, "If-Modified-Since", "Sun Nov  6 08:49:37 1994"));
  }

  /** §13.2.2 step 3 before 4: If-Modified-Since is ignored when If-None-Match is present. */
  @Test
  void ifNoneMatchOverridesIfModifiedSince() {
    assertEquals(PROCEED, eval(Method.GET, "If-None-Match", "\"v0\"", "If-Modified-Since", AFTER));
  }

  /** §13.2.2: a failed If-Match wins over a matching If-None-Match. */
  @Test
  void ifMatchIsEvaluatedFirst() {
    assertEquals(
        PRECONDITION_FAILED, eval(Method.GET, "If-Match", "\"v0\"", "If-None-Match", ETAG));
  }

  /** §13.1.5: If-Range with a strong tag or the exact date; anything else sends the whole. */
  @Test
  void ifRange() {
    assertTrue(range());
    assertTrue(range("If-Range", ETAG));
    assertFalse(range("If-Range", "\"v0\""));
    assertFalse(range("If-Range", "W/\"v1\""));
    assertTrue(range("If-Range", AT));
    assertFalse(range("If-Range", BEFORE));
    assertFalse(range("If-Range", "garbage"));
  }

  private static boolean range(String... headers) {
    HttpRequest.Builder b = HttpRequest.builder(Method.GET, "/r");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return Preconditions.rangeApplies(b.build(), ETAG, MODIFIED);
  }

  @Test
  void readsEntityTagLists() {
    assertEquals(
        List.of("\"a\"", "W/\"b\"", "\"c,d\""),
        Preconditions.tags(" \"a\" ,W/\"b\", junk, \"c,d\""));
  }
}

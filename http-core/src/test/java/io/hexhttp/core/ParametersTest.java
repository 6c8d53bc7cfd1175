package io.hexhttp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParametersTest {
  @Test
  void readsMultiValuedDecodedParametersInOrder() {
    Parameters p =
        HttpRequest.get("/search?tag=a&q=caf%C3%A9+au+lait&tag=b&flag&empty=&=x&&").queryParams();
    assertEquals(List.of("a", "b"), p.all("tag"));
    assertEquals(Optional.of("café au lait"), p.first("q"));
    assertEquals(Optional.of(""), p.first("flag"));
    assertEquals(Optional.of(""), p.first("empty"));
    assertEquals(Set.of("tag", "q", "flag", "empty", ""), p.names());
    assertEquals(List.of("tag", "q", "flag", "empty", ""), List.copyOf(p.names()), "in order");
    assertEquals(6, p.size());
    assertTrue(HttpRequest.get("/x").queryParams().isEmpty());
  }

  @Test
  void typedAccessorsFailAs400() {
    Parameters p = Parameters.of("page", "3", "size", "x", "big", "99999999999", "on", "yes");
    assertEquals(3, p.intValue("page"));
    assertEquals(20, p.intValue("limit", 20));
    assertEquals(400, assertThrows(HttpException.class, () -> p.intValue("size")).status().code());
    assertEquals(400, assertThrows(HttpException.class, () -> p.intValue("big")).status().code());
    assertEquals(99999999999L, p.longValue("big"));
    assertEquals(
        400, assertThrows(HttpException.class, () -> p.required("missing")).status().code());
    assertTrue(p.booleanValue("on", false));
    assertFalse(p.booleanValue("off", false));
    assertEquals(
        400,
        assertThrows(HttpException.class, () -> p.booleanValue("size", false)).status().code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/x?a=%zz", "/x?a=%C3", "/x?a=%"})
  void refusesMalformedEscapesWith400(String target) {
    assertEquals(
        400,
        assertThrows(HttpException.class, () -> HttpRequest.get(target).queryParams())
            .status()
            .code());
  }

  private static HttpRequest form(String type, String body) {
    return HttpRequest.builder(Method.POST, "/login")
        .header("Content-Type", type)
        .body(body)
        .build();
  }

  @Test
  void readsAUrlEncodedForm() throws IOException {
    Parameters f =
        Forms.read(
            form("application/x-www-form-urlencoded; charset=UTF-8", "user=ada+l&pass=p%26w"));
    assertEquals("ada l", f.required("user"));
    assertEquals("p&w", f.required("pass"));
  }

  @Test
  void boundsAForm() {
    assertEquals(
        413,
        assertThrows(
                HttpException.class,
                () ->
                    Forms.read(
                        form("application/x-www-form-urlencoded", "a=" + "x".repeat(100)), 50))
            .status()
            .code());
    HttpRequest unknownLength =
        HttpRequest.builder(Method.POST, "/f")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(Body.ofStream(new ByteArrayInputStream(("a=" + "x".repeat(100)).getBytes()), -1))
            .build();
    assertEquals(
        413,
        assertThrows(HttpException.class, () -> Forms.read(unknownLength, 50)).status().code());
    assertEquals(
        415,
        assertThrows(HttpException.class, () -> Forms.read(form("application/json", "{}")))
            .status()
            .code());
    assertEquals(
        400,
        assertThrows(
                HttpException.class,
                () -> Forms.read(form("application/x-www-form-urlencoded", "a=\u00e9")))
            .status()
            .code());
  }
}

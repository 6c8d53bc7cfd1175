package io.hexhttp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6265: reading Cookie, writing Set-Cookie. */
class CookiesTest {
  @Test
  void readsTheCookieField() {
    HttpRequest r =
        HttpRequest.builder(Method.GET, "/")
            .header("Cookie", "session=abc123; theme=\"dark\"; broken; =x; session=second")
            .header("Cookie", "lang=en")
            .build();
    assertEquals(Map.of("session", "abc123", "theme", "dark", "lang", "en"), r.cookies());
    assertEquals(Optional.of("abc123"), r.cookie("session"), "the first of a repeated name");
    assertEquals(Optional.empty(), r.cookie("none"));
  }

  @Test
  void writesEveryAttribute() {
    SetCookie c =
        SetCookie.of("id", "42")
            .path("/")
            .domain("example.com")
            .maxAge(Duration.ofHours(1))
            .expires(Instant.parse("2030-01-01T00:00:00Z"))
            .secure()
            .httpOnly()
            .sameSite(SetCookie.SameSite.LAX);
    assertEquals(
        "id=42; Path=/; Domain=example.com; Max-Age=3600; Expires=Tue, 01 Jan 2030 00:00:00 GMT;"
            + " Secure; HttpOnly; SameSite=Lax",
        c.toString());
    assertEquals("id=; Max-Age=0", SetCookie.delete("id").toString());
    HttpResponse r =
        HttpResponse.ok().withCookie(SetCookie.of("a", "1")).withCookie(SetCookie.of("b", "2"));
    assertEquals(List.of("a=1", "b=2"), r.headers().all("Set-Cookie"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a;b", "a=b", "a\"", "é", "a,b"})
  void refusesInvalidNames(String name) {
    assertThrows(IllegalArgumentException.class, () -> SetCookie.of(name, "v"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a;b", "a,b", "a\"b", "a\\b", "é", "a\nb"})
  void refusesInvalidValues(String value) {
    assertThrows(IllegalArgumentException.class, () -> SetCookie.of("n", value));
  }

  @Test
  void refusesAttributeInjection() {
    assertThrows(
        IllegalArgumentException.class, () -> SetCookie.of("n", "v").path("/; Domain=evil"));
    assertThrows(IllegalArgumentException.class, () -> SetCookie.of("n", "v").domain("a\r\nb"));
  }
}

package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Fetch standard's CORS protocol, as a filter. */
class CorsFilterTest {
  private final HttpHandler app =
      CorsFilter.builder()
          .allowOrigins("https://app.example")
          .allowMethods("GET", "POST", "DELETE")
          .allowHeaders("Content-Type", "Authorization")
          .exposeHeaders("ETag")
          .allowCredentials(true)
          .maxAge(Duration.ofMinutes(10))
          .build()
          .wrap(r -> HttpResponse.text("data"));

  private HttpResponse send(Method method, String... headers) throws IOException {
    HttpRequest.Builder b = HttpRequest.builder(method, "/api");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return app.handle(b.build());
  }

  @Test
  void answersAPreflightForAnAllowedOrigin() throws IOException {
    HttpResponse r =
        send(
            Method.OPTIONS,
            "Origin",
            "https://app.example",
            "Access-Control-Request-Method",
            "DELETE",
            "Access-Control-Request-Headers",
            "authorization, content-type");
    assertEquals(204, r.status().code());
    assertEquals("https://app.example", r.header("Access-Control-Allow-Origin"));
    assertEquals("GET, POST, DELETE", r.header("Access-Control-Allow-Methods"));
    assertEquals("authorization, content-type", r.header("Access-Control-Allow-Headers"));
    assertEquals("true", r.header("Access-Control-Allow-Credentials"));
    assertEquals("600", r.header("Access-Control-Max-Age"));
    assertEquals(
        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers", r.header("Vary"));
  }

  @Test
  void refusesPreflightsItWouldNotAllow() throws IOException {
    assertEquals(
        403,
        send(
                Method.OPTIONS,
                "Origin",
                "https://evil.example",
                "Access-Control-Request-Method",
                "GET")
            .status()
            .code());
    HttpResponse badMethod =
        send(
            Method.OPTIONS,
            "Origin",
            "https://app.example",
            "Access-Control-Request-Method",
            "PUT");
    assertEquals(403, badMethod.status().code());
    assertNull(badMethod.header("Access-Control-Allow-Origin"));
    assertEquals(
        403,
        send(
                Method.OPTIONS,
                "Origin",
                "https://app.example",
                "Access-Control-Request-Method",
                "GET",
                "Access-Control-Request-Headers",
                "X-Secret")
            .status()
            .code());
  }

  @Test
  void marksAllowedAnswersAndVariesOnOrigin() throws IOException {
    HttpResponse r = send(Method.GET, "Origin", "https://app.example");
    assertEquals("data", r.body().text());
    assertEquals("https://app.example", r.header("Access-Control-Allow-Origin"));
    assertEquals("true", r.header("Access-Control-Allow-Credentials"));
    assertEquals("ETag", r.header("Access-Control-Expose-Headers"));
    assertEquals("Origin", r.header("Vary"));
  }

  @Test
  void givesDisallowedOriginsNoCorsFields() throws IOException {
    HttpResponse r = send(Method.GET, "Origin", "https://evil.example");
    assertEquals("data", r.body().text());
    assertNull(r.header("Access-Control-Allow-Origin"));
    assertNull(r.header("Access-Control-Allow-Credentials"));
    assertEquals("Origin", r.header("Vary"), "a cache must not serve this to the allowed origin");
    assertNull(
        send(Method.GET).header("Access-Control-Allow-Origin"), "same-origin requests need none");
  }

  @Test
  void allowsAnyOriginWithAStar() throws IOException {
    HttpResponse r =
        CorsFilter.builder()
            .allowAnyOrigin()
            .build()
            .wrap(q -> HttpResponse.ok())
            .handle(
                HttpRequest.builder(Method.GET, "/").header("Origin", "https://x.example").build());
    assertEquals("*", r.header("Access-Control-Allow-Origin"));
    assertNull(r.header("Vary"));
  }
}

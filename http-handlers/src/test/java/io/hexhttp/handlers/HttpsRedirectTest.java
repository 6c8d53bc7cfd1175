package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpsRedirectTest {
  private final HttpHandler app =
      new HttpsRedirect(8443, Set.of("/health")).wrap(r -> HttpResponse.text("served"));

  @Test
  void redirectsPlainHttpToTheSameHostPathAndQueryOnTheHttpsPort() throws IOException {
    HttpResponse r =
        app.handle(
            HttpRequest.builder(Method.POST, "/files/a?x=1")
                .header("Host", "example.com:8080")
                .build());
    assertEquals(308, r.status().code(), "308 keeps the method and the body");
    assertEquals("https://example.com:8443/files/a?x=1", r.header("Location"));
    HttpResponse v6 =
        app.handle(HttpRequest.builder(Method.GET, "/").header("Host", "[::1]:80").build());
    assertEquals("https://[::1]:8443/", v6.header("Location"));
  }

  @Test
  void leavesTheStandardPortOutOfTheLocation() throws IOException {
    HttpResponse r =
        new HttpsRedirect(443, Set.of())
            .wrap(q -> HttpResponse.ok())
            .handle(HttpRequest.builder(Method.GET, "/a").header("Host", "example.com").build());
    assertEquals("https://example.com/a", r.header("Location"));
  }

  @Test
  void passesHttpsRequestsAndExemptPaths() throws IOException {
    assertEquals("served", app.handle(HttpRequest.get("/health")).body().text());
    assertEquals("served", app.handle(HttpRequest.get("/x").withScheme("https")).body().text());
  }
}

package io.hexhttp.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router router =
      Router.builder()
          .get("/", r -> HttpResponse.text("root"))
          .get("/echo/{text*}", r -> HttpResponse.text(r.pathParam("text")))
          .get("/users/{id}", r -> HttpResponse.text("user " + r.pathParam("id")))
          .get("/users/me", r -> HttpResponse.text("me"))
          .post("/users/{id}", r -> HttpResponse.text("posted " + r.pathParam("id")))
          .build();

  private String body(String method, String target) throws IOException {
    return router.handle(HttpRequest.builder(Method.of(method), target).build()).body().text();
  }

  private int status(String method, String target) throws IOException {
    return router.handle(HttpRequest.builder(Method.of(method), target).build()).status().code();
  }

  @Test
  void bindsTheRestOfThePathDecoded() throws IOException {
    assertEquals("dooby/Coo-Monkey", body("GET", "/echo/dooby/Coo-Monkey"));
    assertEquals("café", body("GET", "/echo/caf%C3%A9"));
    assertEquals("a/b", body("GET", "/echo/a%2Fb"));
    assertEquals("", body("GET", "/echo/"));
    assertEquals("x", body("GET", "/echo/x?y=z"));
  }

  @Test
  void prefersLiteralSegments() throws IOException {
    assertEquals("me", body("GET", "/users/me"));
    assertEquals("user 42", body("GET", "/users/42"));
  }

  @Test
  void answers404ForUnknownPaths() throws IOException {
    assertEquals(404, status("GET", "/nope"));
    assertEquals(404, status("GET", "/users/1/2"));
    assertEquals(404, status("GET", "/echo"));
  }

  @Test
  void answers405WithAllowForKnownPathsAndOtherMethods() throws IOException {
    HttpResponse r = router.handle(HttpRequest.builder(Method.DELETE, "/users/7").build());
    assertEquals(405, r.status().code());
    assertEquals("GET, HEAD, POST, OPTIONS", r.header("Allow"));
    assertEquals(405, status("POST", "/"));
  }

  @Test
  void servesHeadWithTheGetRoute() throws IOException {
    assertEquals("root", body("HEAD", "/"));
  }

  @Test
  void answersOptionsWithAllow() throws IOException {
    HttpResponse r = router.handle(HttpRequest.builder(Method.OPTIONS, "/").build());
    assertEquals(204, r.status().code());
    assertEquals("GET, HEAD, OPTIONS", r.header("Allow"));
  }

  @Test
  void refusesAMalformedEscapeWith400() {
    HttpException e = assertThrows(HttpException.class, () -> body("GET", "/echo/%zz"));
    assertEquals(400, e.status().code());
    assertEquals(400, assertThrows(HttpException.class, () -> body("GET", "/echo/%C3")).status().code());
  }

  @Test
  void refusesDuplicateRoutes() {
    Router.Builder b = Router.builder().get("/a", r -> HttpResponse.ok());
    assertThrows(IllegalArgumentException.class, () -> b.get("/a", r -> HttpResponse.ok()));
  }

  @Test
  void acceptsMethodAndPatternKeys() throws IOException {
    Router r = Router.builder().route("PUT /x/{id}", q -> HttpResponse.text(q.pathParam("id"))).build();
    assertEquals("9", r.handle(HttpRequest.builder(Method.PUT, "/x/9").build()).body().text());
  }
}

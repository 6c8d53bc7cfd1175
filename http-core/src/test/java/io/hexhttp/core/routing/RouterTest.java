package io.hexhttp.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hexhttp.core.Body;
import io.hexhttp.core.ErrorResponder;
import io.hexhttp.core.Filter;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
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
    HttpResponse r = router.handle(HttpRequest.get("/nope"));
    assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
    assertEquals("404 Not Found\n", r.body().text());
  }

  /** The documented trailing-slash policy: the other form of a known GET path is a 308 away. */
  @Test
  void redirectsToTheOtherSlashFormOfAKnownPath() throws IOException {
    HttpResponse r = router.handle(HttpRequest.get("/echo?x=1"));
    assertEquals(308, r.status().code());
    assertEquals("/echo/?x=1", r.header("Location"));
    HttpResponse back = router.handle(HttpRequest.get("/users/me/"));
    assertEquals("/users/me", back.header("Location"));
    assertEquals(404, status("POST", "/echo"), "only GET and HEAD are redirected");
  }

  @Test
  void answers501ForAMethodNoRouteImplements() throws IOException {
    assertEquals(501, status("PURGE", "/users/7"), "an unknown method, on a known path");
    assertEquals(501, status("BREW", "/nowhere"));
    HttpResponse connect = router.handle(HttpRequest.builder(Method.CONNECT, "/users/7").build());
    assertEquals(501, connect.status().code(), "CONNECT, unless a route asks for it");
    Router withPurge =
        Router.builder().route(Method.of("PURGE"), "/cache", r -> HttpResponse.ok()).build();
    assertEquals(
        200,
        withPurge
            .handle(HttpRequest.builder(Method.of("PURGE"), "/cache").build())
            .status()
            .code());
    assertEquals(
        404,
        withPurge.handle(HttpRequest.builder(Method.of("PURGE"), "/x").build()).status().code());
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
  void refusesAMalformedEscapeWith400() throws IOException {
    assertEquals(400, status("GET", "/echo/%zz"));
    assertEquals(400, status("GET", "/echo/%C3"));
  }

  @Test
  void refusesDuplicateRoutes() {
    Router.Builder b = Router.builder().get("/a", r -> HttpResponse.ok());
    assertThrows(IllegalArgumentException.class, () -> b.get("/a", r -> HttpResponse.ok()));
  }

  @Test
  void acceptsMethodAndPatternKeys() throws IOException {
    Router r =
        Router.builder().route("PUT /x/{id}", q -> HttpResponse.text(q.pathParam("id"))).build();
    assertEquals("9", r.handle(HttpRequest.builder(Method.PUT, "/x/9").build()).body().text());
  }

  @Test
  void anEmptySegmentNeverBindsAParameter() throws IOException {
    Router r =
        Router.builder()
            .get("/items/{id}", q -> HttpResponse.text(q.pathParam("id")))
            .get("/items", q -> HttpResponse.text("list"))
            .build();
    assertEquals(308, r.handle(HttpRequest.get("/items/")).status().code());
    assertEquals("/items", r.handle(HttpRequest.get("/items/")).header("Location"));
    assertEquals(404, r.handle(HttpRequest.get("/items//x")).status().code());
    assertEquals("7", r.handle(HttpRequest.get("/items/7")).body().text());
  }

  @Test
  void aThrownHttpExceptionIsAnsweredWithItsStatusAndMessage() throws IOException {
    Router r =
        Router.builder()
            .get(
                "/x",
                q -> {
                  throw new HttpException(Status.CONFLICT, "already there");
                })
            .build();
    HttpResponse answer = r.handle(HttpRequest.get("/x"));
    assertEquals(409, answer.status().code());
    assertEquals("409 Conflict: already there\n", answer.body().text());
  }

  @Test
  void anyOtherExceptionIs500WithoutDetails() throws IOException {
    Router r =
        Router.builder()
            .get(
                "/x",
                q -> {
                  throw new IllegalStateException("secret internals");
                })
            .build();
    HttpResponse answer = r.handle(HttpRequest.get("/x"));
    assertEquals(500, answer.status().code());
    assertEquals("500 Internal Server Error\n", answer.body().text());
  }

  /** RFC 9457 problem details for every error, the router's own included. */
  @Test
  void answersErrorsAsProblemDetails() throws IOException {
    Router r =
        Router.builder()
            .errors(ErrorResponder.PROBLEM_JSON)
            .get(
                "/x",
                q -> {
                  throw new HttpException(Status.UNPROCESSABLE_CONTENT, "name is \"empty\"");
                })
            .build();
    HttpResponse bad = r.handle(HttpRequest.get("/x"));
    assertEquals("application/problem+json", bad.header("Content-Type"));
    assertEquals(
        "{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\",\"status\":422,"
            + "\"detail\":\"name is \\\"empty\\\"\",\"instance\":\"/x\"}",
        bad.body().text());
    HttpResponse missing = r.handle(HttpRequest.get("/nope"));
    assertEquals(404, missing.status().code());
    assertEquals("application/problem+json", missing.header("Content-Type"));
    HttpResponse wrongMethod = r.handle(HttpRequest.builder(Method.DELETE, "/x").build());
    assertEquals(405, wrongMethod.status().code());
    assertEquals("GET, HEAD, OPTIONS", wrongMethod.header("Allow"));
    assertEquals("application/problem+json", wrongMethod.header("Content-Type"));
  }

  @Test
  void mapsExceptionTypesToResponses() throws IOException {
    Router r =
        Router.builder()
            .exception(
                NoSuchElementException.class,
                (q, e) -> HttpResponse.of(Status.NOT_FOUND).withBody(Body.of("no such item")))
            .get(
                "/items/{id}",
                q -> {
                  throw new NoSuchElementException(q.pathParam("id"));
                })
            .build();
    HttpResponse answer = r.handle(HttpRequest.get("/items/9"));
    assertEquals(404, answer.status().code());
    assertEquals("no such item", answer.body().text());
  }

  @Test
  void groupsShareAPrefixAndAFilter() throws IOException {
    Filter auth =
        (q, next) ->
            q.header("Authorization") == null
                ? HttpResponse.of(Status.UNAUTHORIZED)
                : next.handle(q);
    Router r =
        Router.builder()
            .get("/", q -> HttpResponse.text("public"))
            .group(
                "/admin",
                auth,
                g ->
                    g.get("/", q -> HttpResponse.text("dashboard"))
                        .patch(
                            "/users/{id}", q -> HttpResponse.text("patched " + q.pathParam("id")))
                        .delete(
                            "/users/{id}", q -> HttpResponse.text("deleted " + q.pathParam("id"))))
            .build();
    assertEquals("public", r.handle(HttpRequest.get("/")).body().text());
    assertEquals(401, r.handle(HttpRequest.get("/admin")).status().code());
    HttpRequest patch =
        HttpRequest.builder(Method.PATCH, "/admin/users/3").header("Authorization", "x").build();
    assertEquals("patched 3", r.handle(patch).body().text());
    assertEquals(
        "dashboard",
        r.handle(HttpRequest.get("/admin").withHeader("Authorization", "x")).body().text());
    assertEquals(
        List.of("GET /", "GET /admin", "PATCH /admin/users/{id}", "DELETE /admin/users/{id}"),
        r.describe());
  }

  @Test
  void mountsAHandlerUnderAPrefixForEveryMethod() throws IOException {
    Router r =
        Router.builder()
            .mount(
                "/static",
                q -> HttpResponse.text(q.method() + " " + q.pathParam(Router.MOUNT_PARAM)))
            .any("/anything", q -> HttpResponse.text("any " + q.method()))
            .build();
    assertEquals(
        "GET css/site.css", r.handle(HttpRequest.get("/static/css/site.css")).body().text());
    assertEquals("POST x", r.handle(HttpRequest.post("/static/x", Body.empty())).body().text());
    assertEquals("/static/", r.handle(HttpRequest.get("/static")).header("Location"));
    assertEquals(
        "any PUT", r.handle(HttpRequest.builder(Method.PUT, "/anything").build()).body().text());
  }

  @Test
  void answersARepeatedPathForEachRequestsOwnMethod() throws IOException {
    // the same paths again and again, each asked for with several methods in turn
    String users = "/users/7";
    String echo = "/echo/a%20b";
    for (int round = 0; round < 3; round++) {
      assertEquals("user 7", router.handle(HttpRequest.get(users)).body().text());
      assertEquals("posted 7", router.handle(HttpRequest.post(users, Body.empty())).body().text());
      HttpResponse head = router.handle(HttpRequest.builder(Method.HEAD, users).build());
      assertEquals("user 7", head.body().text()); // HEAD takes GET's route
      assertEquals(
          405, router.handle(HttpRequest.builder(Method.PUT, users).build()).status().code());
      assertEquals(
          501,
          router.handle(HttpRequest.builder(Method.of("BREW"), users).build()).status().code());
      assertEquals("a b", router.handle(HttpRequest.get(echo)).body().text());
      assertEquals(404, router.handle(HttpRequest.get("/users/7/x")).status().code());
    }
  }

  /**
   * Every path over a small alphabet against every pattern of a table, the router's choice and
   * bindings against a reference that splits the path into strings the plain way.
   */
  @Test
  void matchesAndBindsAsTheSegmentsOfThePathSay() throws IOException {
    List<String> patterns =
        List.of(
            "/",
            "/a",
            "/a/",
            "/{x}",
            "/a/{x}",
            "/{x}/b",
            "/{x}/{y}",
            "/a/{rest*}",
            "/{all*}",
            "/b/{x}/{rest*}");
    for (List<String> table :
        List.of(patterns, patterns.subList(0, 8), List.of("/{all*}", "/a/{x}", "/{x}/"))) {
      Router.Builder b = Router.builder();
      for (String pattern : table) {
        b.get(
            pattern,
            q -> HttpResponse.text(pattern + " " + new java.util.TreeMap<>(q.pathParams())));
      }
      Router r = b.build();
      List<String> paths = new java.util.ArrayList<>();
      List<String> level = List.of("/");
      for (int depth = 0; depth < 4; depth++) {
        List<String> next = new java.util.ArrayList<>();
        for (String p : level) {
          paths.add(p);
          for (String piece : List.of("a", "b", "/", "%41")) {
            next.add(p + piece);
          }
        }
        level = next;
      }
      for (String path : paths) {
        String expected = reference(table, path);
        HttpRequest request = HttpRequest.builder(Method.GET, path).build();
        HttpResponse got = r.handle(request);
        if (expected == null) {
          assertEquals(true, got.status().code() != 200, path + " matched " + got.body().text());
        } else {
          assertEquals(expected, got.body().text(), path);
        }
      }
    }
  }

  /** The route {@code table} chooses for {@code path} and what it binds, or null for none. */
  private static String reference(List<String> table, String path) {
    List<String> segs =
        path.length() <= 1 || path.charAt(0) != '/'
            ? List.of()
            : List.of(path.substring(1).split("/", -1));
    String best = null;
    int bestLiterals = -1;
    for (String pattern : table) {
      List<String> pat =
          pattern.equals("/") ? List.of() : List.of(pattern.substring(1).split("/", -1));
      boolean rest = !pat.isEmpty() && pat.get(pat.size() - 1).endsWith("*}");
      int fixed = rest ? pat.size() - 1 : pat.size();
      boolean ok = rest ? segs.size() > fixed || fixed == 0 : segs.size() == fixed;
      java.util.TreeMap<String, String> bound = new java.util.TreeMap<>();
      int literals = 0;
      for (int i = 0; ok && i < fixed; i++) {
        String s = pat.get(i);
        if (s.startsWith("{")) {
          ok = !segs.get(i).isEmpty();
          bound.put(s.substring(1, s.length() - 1), decode(segs.get(i)));
        } else {
          ok = s.equals(segs.get(i));
          literals++;
        }
      }
      if (ok && rest) {
        String name = pat.get(fixed);
        bound.put(
            name.substring(1, name.length() - 2),
            decode(String.join("/", segs.subList(Math.min(fixed, segs.size()), segs.size()))));
      }
      if (ok && literals > bestLiterals) {
        best = pattern + " " + bound;
        bestLiterals = literals;
      }
    }
    return best;
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(
        s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }
}

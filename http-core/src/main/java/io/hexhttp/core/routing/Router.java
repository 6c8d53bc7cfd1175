package io.hexhttp.core.routing;

import io.hexhttp.core.ErrorResponder;
import io.hexhttp.core.Filter;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.PercentEncoding;
import io.hexhttp.core.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A handler that dispatches on method and path pattern.
 *
 * <p>Patterns are paths whose segments may be literals, {@code {name}} (one segment, never empty)
 * or, last, {@code {name*}} (the rest of the path, slashes included, possibly empty). Bound values
 * are percent-decoded and handed to the route as {@link HttpRequest#pathParams()}. When several
 * patterns match, the one with more literal segments wins, then the one registered first.
 *
 * <p>The table answers what it can derive: 501 for a method no route implements that is not one of
 * RFC 9110's (and for CONNECT, unless a route asks for it), 404 when no pattern matches the path,
 * 405 with {@code Allow} when patterns match but none for the method, HEAD with the GET route (the
 * encoder drops the body), and OPTIONS with 204 and {@code Allow}.
 *
 * <p><b>Trailing slashes</b> are significant: {@code /items} and {@code /items/} are two paths.
 * When a GET or HEAD finds no route but the same path with the trailing slash added or removed
 * does, the answer is 308 to that path, so that each resource keeps one URL (caches, links and
 * relative references all agree) and a typo still lands.
 *
 * <p><b>Errors are responses</b>: the router's 404 and 405, an {@link HttpException} a route
 * throws, and any other runtime exception (500, logged, no details) are answered by the {@link
 * ErrorResponder} ({@link ErrorResponder#TEXT} unless {@link Builder#errors} says otherwise), and
 * exception types can be mapped to responses of their own ({@link Builder#exception}); filters
 * around the router see these answers like any other.
 *
 * <p><b>Groups</b> share a path prefix and filters ({@link Builder#group}); {@link Builder#mount}
 * hands every method under a prefix to one handler, with the rest of the path as its {@code path}
 * parameter (for {@code StaticFiles}, say).
 */
public final class Router implements HttpHandler {
  /** The parameter {@link Builder#mount} binds to the rest of the path. */
  public static final String MOUNT_PARAM = "path";

  private final Route[] routes; // (an array: the loops over it run for every request)
  private final ErrorResponder errors;
  private final Map<
          Class<? extends RuntimeException>,
          BiFunction<HttpRequest, RuntimeException, HttpResponse>>
      mapped;

  private Router(Builder b) {
    this.routes = b.routes.toArray(Route[]::new);
    this.errors = b.errors;
    this.mapped = new LinkedHashMap<>(b.mapped);
  }

  /**
   * A builder for a routing table.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    try {
      return dispatch(request);
    } catch (RuntimeException e) {
      for (Map.Entry<
              Class<? extends RuntimeException>,
              BiFunction<HttpRequest, RuntimeException, HttpResponse>>
          m : mapped.entrySet()) {
        if (m.getKey().isInstance(e)) {
          return m.getValue().apply(request, e);
        }
      }
      return errors.respond(request, e);
    }
  }

  private HttpResponse dispatch(HttpRequest request) throws IOException {
    String path = request.path();
    Method method = request.method();
    // (no memo of the last match here: the router is shared by every loop, and a slot written on
    // each miss moves between cores with every request once paths vary; RouterBenchmark)
    Route chosen = find(method, path);
    if (chosen == null && !implemented(method)) {
      // RFC 9110 §9.1: a method the server does not recognize or implement is 501
      return errors.respond(request, new HttpException(Status.NOT_IMPLEMENTED, null));
    }
    if (chosen != null) {
      HttpResponse r = chosen.handler.handle(request.withPathParams(chosen.pattern.bind(path)));
      if (r == null) {
        throw new IllegalStateException(
            "the route " + chosen.pattern.source + " returned no response");
      }
      return r;
    }
    Set<String> allowed = null;
    for (Route r : routes) {
      if (r.method != null && r.pattern.matches(path)) {
        if (allowed == null) {
          allowed = new LinkedHashSet<>();
        }
        allowed.add(r.method.name());
        if (r.method.equals(Method.GET)) {
          allowed.add(Method.HEAD.name());
        }
      }
    }
    if (allowed == null) {
      String other = otherSlash(path);
      if ((method.equals(Method.GET) || method.equals(Method.HEAD))
          && other != null
          && find(method, other) != null) {
        String location = other + request.query().map(q -> "?" + q).orElse("");
        return HttpResponse.of(Status.PERMANENT_REDIRECT).withHeader("Location", location);
      }
      return errors.respond(request, new HttpException(Status.NOT_FOUND, null));
    }
    allowed.add(Method.OPTIONS.name());
    String allow = String.join(", ", allowed);
    if (method.equals(Method.OPTIONS)) {
      return HttpResponse.of(Status.NO_CONTENT).withHeader("Allow", allow);
    }
    return errors
        .respond(request, new HttpException(Status.METHOD_NOT_ALLOWED, null))
        .withHeaderReplaced("Allow", allow);
  }

  /**
   * Whether some route implements {@code method}: every standard method is known (405 where a path
   * does not allow it) except CONNECT, which only a route of its own implements, and any other
   * method only when a route names it.
   */
  private boolean implemented(Method method) {
    for (Route r : routes) {
      if (method.equals(r.method)) {
        return true;
      }
    }
    return method.isStandard() && !method.equals(Method.CONNECT);
  }

  /**
   * The best route for {@code method} on {@code path}: its own, else GET's for HEAD, else any's.
   */
  private Route find(Method method, String path) {
    Route best = null;
    Route bestGet = null;
    Route bestAny = null;
    for (Route r : routes) {
      if (r.method == null) {
        if ((bestAny == null || r.pattern.literals > bestAny.pattern.literals)
            && r.pattern.matches(path)) {
          bestAny = r;
        }
      } else if (r.method.equals(method)) {
        if ((best == null || r.pattern.literals > best.pattern.literals)
            && r.pattern.matches(path)) {
          best = r;
        }
      } else if (r.method.equals(Method.GET) && method.equals(Method.HEAD)) {
        if ((bestGet == null || r.pattern.literals > bestGet.pattern.literals)
            && r.pattern.matches(path)) {
          bestGet = r;
        }
      }
    }
    return best != null ? best : bestGet != null ? bestGet : bestAny;
  }

  /** {@code path} with its trailing slash removed, or one added; null for "/". */
  private static String otherSlash(String path) {
    if (path.length() <= 1) {
      return null;
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
  }

  /**
   * The routes, as {@code "METHOD pattern"} strings, in registration order.
   *
   * @return the routes, as {@code "METHOD pattern"} strings, in registration order
   */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Route r : routes) {
      out.add((r.method == null ? "*" : r.method.name()) + " " + r.pattern.source);
    }
    return out;
  }

  /**
   * Whether {@code path} has no segments: {@code "/"}, the empty path, or one without its leading
   * slash ({@code *}). Otherwise segment 0 begins after the leading slash and each ends at the next
   * slash or at the end; matching walks them in place, sparing a string or an array per request.
   */
  private static boolean noSegments(String path) {
    return path.length() <= 1 || path.charAt(0) != '/';
  }

  /** Where the segment of {@code path} that begins at {@code start} ends. */
  private static int segmentEnd(String path, int start) {
    int end = path.indexOf('/', start);
    return end < 0 ? path.length() : end;
  }

  static String[] split(String path) {
    List<String> out = new ArrayList<>();
    for (int start = 1; !noSegments(path) && start <= path.length(); ) {
      int end = segmentEnd(path, start);
      out.add(path.substring(start, end));
      start = end + 1;
    }
    return out.toArray(String[]::new);
  }

  /** A route; a null method takes every method. */
  private record Route(Method method, Pattern pattern, HttpHandler handler) {}

  /** A compiled path pattern. */
  private static final class Pattern {
    final String source;
    final String[] literals0; // literal text per segment, or null for a parameter
    final String[] params; // parameter name per segment, or null
    final boolean rest; // the last segment is {name*}
    final int literals;

    Pattern(String source) {
      if (!source.startsWith("/")) {
        throw new IllegalArgumentException("a pattern starts with /: " + source);
      }
      this.source = source;
      String[] segs = split(source);
      literals0 = new String[segs.length];
      params = new String[segs.length];
      boolean r = false;
      int lit = 0;
      Set<String> names = new LinkedHashSet<>();
      for (int i = 0; i < segs.length; i++) {
        String s = segs[i];
        if (s.startsWith("{") && s.endsWith("}")) {
          String name = s.substring(1, s.length() - 1);
          if (name.endsWith("*")) {
            if (i != segs.length - 1) {
              throw new IllegalArgumentException("{name*} must be last: " + source);
            }
            name = name.substring(0, name.length() - 1);
            r = true;
          }
          if (name.isEmpty() || !names.add(name)) {
            throw new IllegalArgumentException("empty or repeated parameter in " + source);
          }
          params[i] = name;
        } else if (s.contains("{") || s.contains("}") || s.contains("*")) {
          throw new IllegalArgumentException("a segment is a literal or a parameter: " + source);
        } else {
          literals0[i] = s;
          lit++;
        }
      }
      rest = r;
      literals = lit;
    }

    boolean matches(String path) {
      int fixed = rest ? literals0.length - 1 : literals0.length;
      boolean none = noSegments(path);
      int start = 1; // where segment i begins; past the end once the last one is passed
      for (int i = 0; i < fixed; i++) {
        if (none || start > path.length()) {
          return false; // fewer segments than the pattern's
        }
        String literal = literals0[i];
        int end;
        if (literal == null) {
          end = segmentEnd(path, start);
          if (end == start) {
            return false; // an empty segment never binds a parameter
          }
        } else {
          // the literal (which has no slash), then a slash or the end: no scan for the slash
          end = start + literal.length();
          if (!path.startsWith(literal, start)
              || (end < path.length() && path.charAt(end) != '/')) {
            return false;
          }
        }
        start = end + 1;
      }
      boolean more = !none && start <= path.length();
      // {name*} needs its slash ("/echo/" binds "", "/echo" does not match), but "/{all*}" takes
      // "/"
      return rest ? more || fixed == 0 : !more;
    }

    /** The parameters {@code path}, which {@link #matches}, binds, percent-decoded. */
    Map<String, String> bind(String path) {
      if (literals == literals0.length) {
        return Map.of();
      }
      Map<String, String> out = null;
      String onlyName = null;
      String onlyValue = null;
      int fixed = rest ? literals0.length - 1 : literals0.length;
      boolean none = noSegments(path);
      int start = 1;
      for (int i = 0; i <= fixed; i++) {
        String name;
        String raw;
        if (i < fixed) {
          name = params[i];
          if (name == null) {
            start += literals0[i].length() + 1; // a literal, matched: its length is known
            continue;
          }
          int end = segmentEnd(path, start);
          raw = path.substring(start, end);
          start = end + 1;
        } else if (rest) {
          name = params[fixed];
          // the raw rest of the path, slashes included; "/{all*}" matching "/" binds ""
          raw = !none && start <= path.length() ? path.substring(start) : "";
        } else {
          break;
        }
        String value = PercentEncoding.decode(raw);
        if (onlyName == null && out == null) {
          onlyName = name;
          onlyValue = value;
        } else {
          if (out == null) {
            out = new HashMap<>(8);
            out.put(onlyName, onlyValue);
          }
          out.put(name, value);
        }
      }
      return out != null ? out : Map.of(onlyName, onlyValue);
    }
  }

  /** Builds a {@link Router}. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private ErrorResponder errors = ErrorResponder.TEXT;
    private final Map<
            Class<? extends RuntimeException>,
            BiFunction<HttpRequest, RuntimeException, HttpResponse>>
        mapped = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a route for {@code method} and {@code pattern}.
     *
     * @param method the method, or null for every method
     * @param pattern e.g. {@code /items/{id}}
     * @param handler what answers it
     * @return this builder
     */
    public Builder route(Method method, String pattern, HttpHandler handler) {
      Objects.requireNonNull(handler);
      Pattern p = new Pattern(pattern);
      for (Route r : routes) {
        if (Objects.equals(r.method, method) && r.pattern.source.equals(pattern)) {
          throw new IllegalArgumentException("duplicate route: " + method + " " + pattern);
        }
      }
      routes.add(new Route(method, p, handler));
      return this;
    }

    /**
     * Adds a route from a key such as {@code "GET /echo/{text*}"}.
     *
     * @param methodAndPattern the method, a space, the pattern
     * @param handler what answers it
     * @return this builder
     */
    public Builder route(String methodAndPattern, HttpHandler handler) {
      int sp = methodAndPattern.indexOf(' ');
      if (sp <= 0) {
        throw new IllegalArgumentException("expected \"METHOD /pattern\": " + methodAndPattern);
      }
      return route(
          Method.of(methodAndPattern.substring(0, sp)),
          methodAndPattern.substring(sp + 1).strip(),
          handler);
    }

    /**
     * Adds every entry of a map from {@code "METHOD /pattern"} keys to handlers.
     *
     * @param table the routes
     * @return this builder
     */
    public Builder routes(Map<String, ? extends HttpHandler> table) {
      table.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> route(e.getKey(), e.getValue()));
      return this;
    }

    /**
     * Adds a GET route (which answers HEAD too).
     *
     * @param pattern the path pattern
     * @param handler what answers it
     * @return this builder
     */
    public Builder get(String pattern, HttpHandler handler) {
      return route(Method.GET, pattern, handler);
    }

    /**
     * Adds a HEAD route, for a HEAD cheaper than the GET's.
     *
     * @param pattern the path pattern
     * @param handler what answers it
     * @return this builder
     */
    public Builder head(String pattern, HttpHandler handler) {
      return route(Method.HEAD, pattern, handler);
    }

    /**
     * Adds a POST route.
     *
     * @param pattern the path pattern
     * @param handler what answers it
     * @return this builder
     */
    public Builder post(String pattern, HttpHandler handler) {
      return route(Method.POST, pattern, handler);
    }

    /**
     * Adds a PUT route.
     *
     * @param pattern the path pattern
     * @param handler what answers it
     * @return this builder
     */
    public Builder put(String pattern, HttpHandler handler) {
      return route(Method.PUT, pattern, handler);
    }

    /**
     * Adds a PATCH route.
     *
     * @param pattern the path pattern
     * @param handler what answers it
     * @return this builder
     */
    public Builder patch(String pattern, HttpHandler handler) {
      return route(Method.PATCH, pattern, handler);
    }

    /**
     * Adds a DELETE route.
     *
     * @param pattern the path pattern
     * @param handler what answers it
     * @return this builder
     */
    public Builder delete(String pattern, HttpHandler handler) {
      return route(Method.DELETE, pattern, handler);
    }

    /**
     * Adds a route for every method (those with a route of their own on the same path go there).
     *
     * @param pattern the path pattern
     * @param handler what answers it
     * @return this builder
     */
    public Builder any(String pattern, HttpHandler handler) {
      return route(null, pattern, handler);
    }

    /**
     * Routes defined under a common prefix, each wrapped in {@code filter} (an authentication check
     * on {@code /admin}, say).
     *
     * @param prefix e.g. {@code /api}; the group's {@code /items} becomes {@code /api/items}, its
     *     {@code /} the prefix itself
     * @param filter run around each of the group's routes
     * @param routes adds the group's routes to the builder it is given
     * @return this builder
     */
    public Builder group(String prefix, Filter filter, Consumer<Builder> routes) {
      if (!prefix.startsWith("/") || prefix.endsWith("/")) {
        throw new IllegalArgumentException(
            "a prefix starts with / and does not end with one: " + prefix);
      }
      Builder group = new Builder();
      routes.accept(group);
      for (Route r : group.routes) {
        String pattern = r.pattern.source.equals("/") ? prefix : prefix + r.pattern.source;
        route(r.method, pattern, filter == null ? r.handler : filter.wrap(r.handler));
      }
      return this;
    }

    /**
     * Routes defined under a common prefix.
     *
     * @param prefix e.g. {@code /api}
     * @param routes adds the group's routes
     * @return this builder
     */
    public Builder group(String prefix, Consumer<Builder> routes) {
      return group(prefix, null, routes);
    }

    /**
     * Hands every request under {@code prefix} to {@code handler}, whatever its method, with the
     * rest of the path as the {@value #MOUNT_PARAM} parameter ({@code /static/css/a.css} mounted at
     * {@code /static} binds {@code css/a.css}); {@code prefix} alone is redirected to {@code
     * prefix/}.
     *
     * @param prefix e.g. {@code /static}
     * @param handler what answers everything below it
     * @return this builder
     */
    public Builder mount(String prefix, HttpHandler handler) {
      if (!prefix.startsWith("/") || prefix.endsWith("/")) {
        throw new IllegalArgumentException(
            "a prefix starts with / and does not end with one: " + prefix);
      }
      return any(prefix + "/{" + MOUNT_PARAM + "*}", handler);
    }

    /**
     * How errors are answered: the router's 404 and 405, a route's {@link HttpException}, and any
     * other runtime exception (as 500).
     *
     * @param responder e.g. {@link ErrorResponder#PROBLEM_JSON}; {@link ErrorResponder#TEXT} by
     *     default
     * @return this builder
     */
    public Builder errors(ErrorResponder responder) {
      this.errors = Objects.requireNonNull(responder);
      return this;
    }

    /**
     * Answers an exception type a route throws with a response of its own, before the error
     * responder sees it (the first registered type that matches wins).
     *
     * @param <E> the exception type
     * @param type e.g. {@code NoSuchElementException.class}
     * @param responder the response for the request and the exception
     * @return this builder
     */
    public <E extends RuntimeException> Builder exception(
        Class<E> type, BiFunction<HttpRequest, E, HttpResponse> responder) {
      Objects.requireNonNull(responder);
      mapped.put(type, (request, e) -> responder.apply(request, type.cast(e)));
      return this;
    }

    /**
     * The router.
     *
     * @return a router over the routes added so far
     */
    public Router build() {
      return new Router(this);
    }
  }
}

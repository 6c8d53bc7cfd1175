package io.hexhttp.core.routing;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A handler that dispatches on method and path pattern.
 *
 * <p>Patterns are paths whose segments may be literals, {@code {name}} (one segment) or, last,
 * {@code {name*}} (the rest of the path, slashes included). Bound values are percent-decoded and
 * handed to the route as {@link HttpRequest#pathParams()}. When several patterns match, the one
 * with more literal segments wins, then the one registered first.
 *
 * <p>The table answers what it can derive: 404 when no pattern matches the path, 405 with {@code
 * Allow} when patterns match but none for the method, HEAD with the GET route (the encoder drops
 * the body), and OPTIONS with 204 and {@code Allow}.
 */
public final class Router implements HttpHandler {
  private final List<Route> routes;

  private Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** A builder for a routing table. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    String path = request.path();
    Method method = request.method();
    int[] starts = segmentStarts(path);
    Route best = null;
    Route bestGet = null;
    for (Route r : routes) {
      if (r.method.equals(method)) {
        if ((best == null || r.pattern.literals > best.pattern.literals)
            && r.pattern.matches(path, starts)) {
          best = r;
        }
      } else if (r.method.equals(Method.GET) && method.equals(Method.HEAD)) {
        if ((bestGet == null || r.pattern.literals > bestGet.pattern.literals)
            && r.pattern.matches(path, starts)) {
          bestGet = r;
        }
      }
    }
    Route chosen = best != null ? best : bestGet;
    if (chosen != null) {
      return chosen.handler.handle(request.withPathParams(chosen.pattern.bind(path, starts)));
    }
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      if (r.pattern.matches(path, starts)) {
        allowed.add(r.method.name());
        if (r.method.equals(Method.GET)) {
          allowed.add(Method.HEAD.name());
        }
      }
    }
    if (allowed.isEmpty()) {
      return HttpResponse.notFound();
    }
    allowed.add(Method.OPTIONS.name());
    String allow = String.join(", ", allowed);
    if (method.equals(Method.OPTIONS)) {
      return HttpResponse.of(Status.NO_CONTENT).withHeader("Allow", allow);
    }
    return HttpResponse.of(Status.METHOD_NOT_ALLOWED).withHeader("Allow", allow);
  }

  /** The routes, as {@code "METHOD pattern"} strings, in registration order. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Route r : routes) {
      out.add(r.method + " " + r.pattern.source);
    }
    return out;
  }

  private static final int[] NO_SEGMENTS = new int[0];

  /**
   * Where each segment of {@code path} begins (the index after its slash); segment {@code i} ends
   * at the next slash or at the end. None for {@code "/"}, the empty path or a path without its
   * leading slash. Matching on offsets spares a string per segment on every request.
   */
  static int[] segmentStarts(String path) {
    if (path.equals("/") || path.isEmpty() || path.charAt(0) != '/') {
      return NO_SEGMENTS;
    }
    int count = 1;
    for (int i = 1; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        count++;
      }
    }
    int[] starts = new int[count];
    starts[0] = 1;
    for (int i = 1, k = 1; k < count; i++) {
      if (path.charAt(i) == '/') {
        starts[k++] = i + 1;
      }
    }
    return starts;
  }

  private static int segmentEnd(String path, int[] starts, int i) {
    return i + 1 < starts.length ? starts[i + 1] - 1 : path.length();
  }

  static String[] split(String path) {
    int[] starts = segmentStarts(path);
    String[] out = new String[starts.length];
    for (int i = 0; i < starts.length; i++) {
      out[i] = path.substring(starts[i], segmentEnd(path, starts, i));
    }
    return out;
  }

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

    boolean matches(String path, int[] starts) {
      int fixed = rest ? literals0.length - 1 : literals0.length;
      // {name*} needs its slash ("/echo/" binds "", "/echo" does not match), but "/{all*}" takes "/"
      if (rest ? starts.length <= fixed && fixed > 0 : starts.length != fixed) {
        return false;
      }
      for (int i = 0; i < fixed; i++) {
        String literal = literals0[i];
        if (literal != null
            && (segmentEnd(path, starts, i) - starts[i] != literal.length()
                || !path.startsWith(literal, starts[i]))) {
          return false;
        }
      }
      return true;
    }

    Map<String, String> bind(String path, int[] starts) {
      if (literals == literals0.length) {
        return Map.of();
      }
      Map<String, String> out = null;
      String onlyName = null;
      String onlyValue = null;
      int fixed = rest ? literals0.length - 1 : literals0.length;
      for (int i = 0; i <= fixed; i++) {
        String name;
        String raw;
        if (i < fixed) {
          if (params[i] == null) {
            continue;
          }
          name = params[i];
          raw = path.substring(starts[i], segmentEnd(path, starts, i));
        } else if (rest) {
          name = params[fixed];
          // the raw rest of the path, slashes included; "/{all*}" matching "/" binds ""
          raw = fixed < starts.length ? path.substring(starts[fixed]) : "";
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

    private Builder() {}

    /** Adds a route for {@code method} and {@code pattern}. */
    public Builder route(Method method, String pattern, HttpHandler handler) {
      Objects.requireNonNull(method);
      Objects.requireNonNull(handler);
      Pattern p = new Pattern(pattern);
      for (Route r : routes) {
        if (r.method.equals(method) && r.pattern.source.equals(pattern)) {
          throw new IllegalArgumentException("duplicate route: " + method + " " + pattern);
        }
      }
      routes.add(new Route(method, p, handler));
      return this;
    }

    /** Adds a route from a key such as {@code "GET /echo/{text*}"}. */
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

    /** Adds every entry of a map from {@code "METHOD /pattern"} keys to handlers. */
    public Builder routes(Map<String, ? extends HttpHandler> table) {
      table.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> route(e.getKey(), e.getValue()));
      return this;
    }

    /** Adds a GET route. */
    public Builder get(String pattern, HttpHandler handler) {
      return route(Method.GET, pattern, handler);
    }

    /** Adds a POST route. */
    public Builder post(String pattern, HttpHandler handler) {
      return route(Method.POST, pattern, handler);
    }

    /** Adds a PUT route. */
    public Builder put(String pattern, HttpHandler handler) {
      return route(Method.PUT, pattern, handler);
    }

    /** Adds a DELETE route. */
    public Builder delete(String pattern, HttpHandler handler) {
      return route(Method.DELETE, pattern, handler);
    }

    /** The router. */
    public Router build() {
      return new Router(routes);
    }
  }
}

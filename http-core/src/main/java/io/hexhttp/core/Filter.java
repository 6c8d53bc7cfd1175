package io.hexhttp.core;

import java.io.IOException;
import java.util.Objects;

/**
 * A decorator around a handler: it may change the request, the response, or answer itself. Filters
 * compose: {@code gzip.andThen(accessLog).wrap(router)} runs gzip outermost.
 */
@FunctionalInterface
public interface Filter {
  /**
   * Handles {@code request}, usually by calling {@code next}.
   *
   * @param request the request
   * @param next the handler to call next
   * @return the response, {@code next}'s or one of the filter's own
   * @throws IOException as {@link HttpHandler#handle} does
   */
  HttpResponse filter(HttpRequest request, HttpHandler next) throws IOException;

  /**
   * Returns a handler that runs this filter around {@code handler}.
   *
   * @param handler the handler
   * @return a handler that runs this filter around {@code handler}
   */
  default HttpHandler wrap(HttpHandler handler) {
    Objects.requireNonNull(handler);
    return request -> filter(request, handler);
  }

  /**
   * Returns a filter that runs this one outside {@code inner}.
   *
   * @param inner the filter to run inside this one
   * @return a filter that runs this one outside {@code inner}
   */
  default Filter andThen(Filter inner) {
    Objects.requireNonNull(inner);
    return (request, next) -> filter(request, inner.wrap(next));
  }
}

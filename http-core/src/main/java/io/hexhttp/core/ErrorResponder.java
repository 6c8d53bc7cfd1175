package io.hexhttp.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Turns an error into the response that answers it, so that errors pass through the filters like
 * any other response: a handler's {@link HttpException} (its status and message), the router's 404
 * and 405, and any other exception a handler throws (500, without details; it is logged).
 *
 * <pre>{@code
 * Router.builder().errors(ErrorResponder.PROBLEM_JSON)...   // RFC 9457 problem details
 * }</pre>
 */
@FunctionalInterface
public interface ErrorResponder {
  /** {@code text/plain}: {@code 404 Not Found}, then {@code : message} when the error has one. */
  ErrorResponder TEXT =
      (request, error) -> {
        Status s = error.status();
        String message = error.getMessage();
        return HttpResponse.of(s)
            .withHeader("Content-Type", "text/plain; charset=utf-8")
            .withBody(
                Body.of(
                    s.code() + " " + s.reason() + (message == null ? "" : ": " + message) + "\n"));
      };

  /**
   * {@code application/problem+json} (RFC 9457): {@code type} {@code about:blank}, {@code title}
   * the reason phrase, {@code status}, {@code detail} the error's message when it has one, and
   * {@code instance} the request's path.
   */
  ErrorResponder PROBLEM_JSON =
      (request, error) -> {
        Status s = error.status();
        StringBuilder json = new StringBuilder(128).append("{\"type\":\"about:blank\",\"title\":");
        Json.quote(json, s.reason());
        json.append(",\"status\":").append(s.code());
        if (error.getMessage() != null) {
          json.append(",\"detail\":");
          Json.quote(json, error.getMessage());
        }
        json.append(",\"instance\":");
        Json.quote(json, request.path());
        return HttpResponse.of(s)
            .withHeader("Content-Type", "application/problem+json")
            .withBody(Body.of(json.append('}').toString()));
      };

  /**
   * The response for {@code error}.
   *
   * @param request the request that failed
   * @param error what went wrong, with the status to answer
   * @return the answer
   */
  HttpResponse respond(HttpRequest request, HttpException error);

  /**
   * The response for whatever a handler threw: an {@link HttpException} as it is, anything else as
   * 500 with no details (logged once, with the request, to {@code io.hexhttp}).
   *
   * @param request the request that failed
   * @param thrown what the handler threw
   * @return the answer
   */
  default HttpResponse respond(HttpRequest request, RuntimeException thrown) {
    if (thrown instanceof HttpException e) {
      return respond(request, e);
    }
    System.getLogger("io.hexhttp").log(Level.ERROR, "handler failed on " + request, thrown);
    return respond(request, new HttpException(Status.INTERNAL_SERVER_ERROR, null))
        .withFailure(thrown);
  }

  /**
   * A filter that answers what its handler throws (runtime exceptions; I/O failures of the
   * connection pass on to the transport) with this responder.
   *
   * @return the filter
   */
  default Filter filter() {
    return new Filter() {
      @Override
      public HttpResponse filter(HttpRequest request, HttpHandler next) throws IOException {
        try {
          return Objects.requireNonNull(next.handle(request), "the handler returned no response");
        } catch (RuntimeException e) {
          return respond(request, e);
        }
      }
    };
  }
}

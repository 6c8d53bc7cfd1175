package io.hexhttp.core;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The driving port: a function from a request to a response. Use cases implement it; the transport
 * calls it. A handler is tested by building an {@link HttpRequest} value, calling {@link #handle},
 * and asserting on the {@link HttpResponse} value.
 *
 * <p>A handler may throw {@link HttpException} to answer with a given status; any other exception
 * is answered with 500 and logged once by the transport.
 */
@FunctionalInterface
public interface HttpHandler {
  /**
   * Answers one request.
   *
   * <p>What a handler can count on:
   *
   * <ul>
   *   <li><b>HEAD</b>: a router serves it with the GET route; answer as for GET. The transport
   *       sends the head only, with the {@code Content-Length} of the body given (use {@link
   *       Body#unsent(long)} to give the length without producing the content).
   *   <li><b>204, 304 and 1xx</b> carry no content: the transport never writes a body for them and
   *       closes it unread. A 304 may carry {@link Body#unsent(long)} so that its {@code
   *       Content-Length} is the one a 200 would carry (RFC 9110 §8.6).
   *   <li><b>A thrown exception</b> is an answer too: an {@link HttpException} is answered with its
   *       status and message, anything else with 500 and no details (logged once), through the
   *       filters when a {@link io.hexhttp.core.routing.Router} or {@link ErrorResponder#filter()}
   *       catches it, by the transport otherwise. The connection stays open when the request was
   *       read whole. An {@link IOException} from reading the request body (the client went away,
   *       or was too slow) ends the connection.
   *   <li>The request body may be read or left: the transport discards what is left (up to a bound)
   *       and sends {@code 100 Continue} only when the body is first read.
   * </ul>
   *
   * @param request the request, its body streaming behind it
   * @return the response; never null
   * @throws IOException when reading the request body or producing the response fails
   */
  HttpResponse handle(HttpRequest request) throws IOException;

  /**
   * Whether this handler answers {@code request} without blocking: it computes the answer from the
   * request and memory, without waiting on a disk, a database, another service or a lock. An
   * event-loop transport runs it on its loop thread then (when the request's body is all here), and
   * on a virtual thread otherwise, so that one blocking handler never stalls other connections.
   * False unless declared with {@link #nonBlocking}.
   *
   * @param request the request about to be handled
   * @return whether the handler may run on an event loop for it
   */
  default boolean isNonBlocking(HttpRequest request) {
    return false;
  }

  /**
   * Declares {@code handler} non-blocking for every request (see {@link
   * #isNonBlocking(HttpRequest)}).
   *
   * @param handler a handler that never blocks
   * @return the same handler, declared non-blocking
   */
  static HttpHandler nonBlocking(HttpHandler handler) {
    return nonBlocking(handler, request -> true);
  }

  /**
   * Declares {@code handler} non-blocking for the requests {@code when} accepts, such as those that
   * do not write to a disk.
   *
   * @param handler the handler
   * @param when which requests it answers without blocking
   * @return the same handler, so declared
   */
  static HttpHandler nonBlocking(HttpHandler handler, Predicate<HttpRequest> when) {
    Objects.requireNonNull(handler);
    Objects.requireNonNull(when);
    return new HttpHandler() {
      @Override
      public HttpResponse handle(HttpRequest request) throws IOException {
        return handler.handle(request);
      }

      @Override
      public boolean isNonBlocking(HttpRequest request) {
        return when.test(request);
      }
    };
  }
}

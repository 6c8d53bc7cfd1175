package io.hexhttp.core;

import java.io.IOException;

/**
 * The driving port: a function from a request to a response. Use cases implement it; the
 * transport calls it. A handler is tested by building an {@link HttpRequest} value, calling
 * {@link #handle}, and asserting on the {@link HttpResponse} value.
 *
 * <p>A handler may throw {@link HttpException} to answer with a given status; any other exception
 * is answered with 500 and logged once by the transport.
 */
@FunctionalInterface
public interface HttpHandler {
  /** Answers one request. */
  HttpResponse handle(HttpRequest request) throws IOException;
}

package io.hexhttp.handlers;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;

/**
 * {@code GET /echo/{text*}}: 200 with the rest of the path, percent-decoded by the router, as a
 * {@code text/plain} body.
 */
public final class EchoHandler implements HttpHandler {
  /** The path parameter the route binds. */
  public static final String PARAM = "text";

  @Override
  public HttpResponse handle(HttpRequest request) {
    return HttpResponse.text(request.pathParam(PARAM));
  }
}

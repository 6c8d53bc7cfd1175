package io.hexhttp.handlers;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;

/**
 * {@code GET /user-agent}: 200 with the request's {@code User-Agent} value as a {@code text/plain}
 * body (empty when the request has none).
 */
public final class UserAgentHandler implements HttpHandler {
  @Override
  public HttpResponse handle(HttpRequest request) {
    String agent = request.header("User-Agent");
    return HttpResponse.text(agent == null ? "" : agent);
  }
}

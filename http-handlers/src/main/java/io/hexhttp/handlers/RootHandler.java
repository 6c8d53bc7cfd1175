package io.hexhttp.handlers;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;

/** {@code GET /}: 200 OK with no content. */
public final class RootHandler implements HttpHandler {
  @Override
  public HttpResponse handle(HttpRequest request) {
    return HttpResponse.ok();
  }
}

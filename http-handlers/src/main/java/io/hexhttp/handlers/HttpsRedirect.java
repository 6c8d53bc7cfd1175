package io.hexhttp.handlers;

import io.hexhttp.core.Filter;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;

/**
 * Sends plain-HTTP requests to HTTPS: 308 (the method and body are kept) to the same host on the
 * HTTPS port, same path and query. Requests already made over HTTPS (directly, or through a trusted
 * proxy that said so) and the paths exempted (a load balancer's health check, metrics) pass
 * through.
 */
public final class HttpsRedirect implements Filter {
  private final int httpsPort;
  private final Set<String> exempt;

  /**
   * A redirect to {@code httpsPort}.
   *
   * @param httpsPort the port HTTPS listens on (443 is left out of the location)
   * @param exempt paths served over plain HTTP as well
   */
  public HttpsRedirect(int httpsPort, Set<String> exempt) {
    if (httpsPort < 1 || httpsPort > 65535) {
      throw new IllegalArgumentException("port: " + httpsPort);
    }
    this.httpsPort = httpsPort;
    this.exempt = Set.copyOf(Objects.requireNonNull(exempt));
  }

  @Override
  public HttpResponse filter(HttpRequest request, HttpHandler next) throws IOException {
    if (request.scheme().equals("https") || exempt.contains(request.path())) {
      return next.handle(request);
    }
    String host = request.header("Host");
    if (host == null || host.isEmpty()) {
      host = "localhost";
    }
    // the host without its port: brackets kept for IPv6
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']') < colon) {
      host = host.substring(0, colon);
    }
    String authority = httpsPort == 443 ? host : host + ":" + httpsPort;
    String target = request.path() + request.query().map(q -> "?" + q).orElse("");
    return HttpResponse.of(Status.PERMANENT_REDIRECT)
        .withHeader("Location", "https://" + authority + target);
  }
}

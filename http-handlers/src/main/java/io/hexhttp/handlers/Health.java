package io.hexhttp.handlers;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.ServerObserver;

/**
 * A readiness check: ready once the server listens, not ready from the moment shutdown begins (so
 * that a load balancer stops sending new work before the server stops accepting it).
 *
 * <pre>{@code
 * Health health = new Health();
 * HttpHandler app = Router.builder().get("/health", health.handler())...build();
 * HttpServer.start(app, config, ServerObserver.all(health, metrics));
 * }</pre>
 *
 * <p>{@link #handler()} answers {@code 200 ready} or {@code 503 not ready}, as text, never cached.
 */
public final class Health implements ServerObserver {
  private static final HttpResponse READY = answer(Status.OK, "ready\n");
  private static final HttpResponse NOT_READY = answer(Status.SERVICE_UNAVAILABLE, "not ready\n");

  private final Lifecycle lifecycle = new Lifecycle();

  private static HttpResponse answer(Status status, String text) {
    return HttpResponse.of(status)
        .withHeader("Content-Type", "text/plain; charset=utf-8")
        .withHeader("Cache-Control", "no-store")
        .withBody(Body.of(text));
  }

  /**
   * Whether the server is ready for new work.
   *
   * @return true between {@link #listening()} and {@link #shuttingDown()}
   */
  public boolean ready() {
    return lifecycle.isListening() && !lifecycle.isShuttingDown();
  }

  /**
   * Whether shutdown has begun, for streams that should end in time.
   *
   * @return true from the start of shutdown
   */
  public boolean isShuttingDown() {
    return lifecycle.isShuttingDown();
  }

  @Override
  public void listening() {
    lifecycle.listening();
  }

  @Override
  public void shuttingDown() {
    lifecycle.shuttingDown();
  }

  /**
   * The readiness answer, for a route such as {@code GET /health}.
   *
   * @return a handler that answers 200 when {@link #ready()}, 503 otherwise
   */
  public HttpHandler handler() {
    return request -> ready() ? READY : NOT_READY;
  }
}

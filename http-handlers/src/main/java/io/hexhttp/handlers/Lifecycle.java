package io.hexhttp.handlers;

import io.hexhttp.core.port.ServerObserver;

/**
 * The server's lifecycle, as the transport reports it: whether it listens, and whether shutdown has
 * begun. A long stream ({@code ServerSentEvents}) asks {@link #isShuttingDown()} to end in time;
 * {@link Health} answers load balancers from the same facts.
 */
public final class Lifecycle implements ServerObserver {
  private volatile boolean listening;
  private volatile boolean shuttingDown;

  @Override
  public void listening() {
    listening = true;
  }

  @Override
  public void shuttingDown() {
    shuttingDown = true;
  }

  /**
   * Whether the server has started listening.
   *
   * @return true once it listens
   */
  public boolean isListening() {
    return listening;
  }

  /**
   * Whether shutdown has begun.
   *
   * @return true from the moment {@code close()} (or SIGTERM) starts
   */
  public boolean isShuttingDown() {
    return shuttingDown;
  }
}

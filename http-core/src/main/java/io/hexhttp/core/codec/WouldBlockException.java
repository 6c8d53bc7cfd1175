package io.hexhttp.core.codec;

import java.io.IOException;

/**
 * Thrown by a non-blocking byte source when it has no bytes now (as opposed to -1 at its end).
 * The parser then rewinds to the start of the request head it was reading, so that an event loop
 * can call {@link RequestParser#next()} again once more bytes have arrived.
 */
public final class WouldBlockException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The one instance: it carries no stack trace and no state. */
  public static final WouldBlockException INSTANCE = new WouldBlockException();

  private WouldBlockException() {
    super("no bytes available now", null);
    setStackTrace(new StackTraceElement[0]);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}

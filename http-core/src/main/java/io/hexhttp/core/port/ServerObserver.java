package io.hexhttp.core.port;

import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.Status;
import java.util.List;
import java.util.Objects;

/**
 * What a server reports about itself as it runs: its lifecycle, its connections and its exchanges.
 * The transport calls it; health checks and metrics implement it. Every method has an empty
 * default, so an observer overrides only what it counts.
 *
 * <p>Calls come from many threads at once and from the transport's hot path: implementations must
 * be thread-safe, must not block, and should count without locks (e.g. {@link
 * java.util.concurrent.atomic.LongAdder}). An observer that throws is a bug in the observer; the
 * transport does not guard against it.
 */
public interface ServerObserver {
  /** The observer that observes nothing. */
  ServerObserver NONE = new ServerObserver() {};

  /** The server is bound and accepting connections. */
  default void listening() {}

  /**
   * Shutdown has begun: the server will stop accepting, and answers from now on close their
   * connections. A readiness check turns to "not ready" here.
   */
  default void shuttingDown() {}

  /** A connection was accepted and will be served. */
  default void connectionOpened() {}

  /** A connection was accepted but refused (503) because the server is at its connection cap. */
  default void connectionRefused() {}

  /** A served connection was closed, for whatever reason. Follows its {@link #connectionOpened}. */
  default void connectionClosed() {}

  /**
   * A connection was cut off by a timeout: idle too long between requests, a head that took too
   * long, or a stalled request body.
   */
  default void connectionTimedOut() {}

  /**
   * A request was refused before a handler saw it: malformed, over a limit, or an unsupported
   * expectation.
   *
   * @param status the status it was answered with (400, 408, 413, 414, 417, 431, 501, 505)
   */
  default void requestRejected(Status status) {}

  /** A handler threw instead of returning a response, or failed while its body was written. */
  default void handlerFailed() {}

  /**
   * A TLS handshake failed (a protocol or certificate the server does not accept, a client that
   * left or took too long), or plain HTTP came to a TLS port.
   */
  default void tlsHandshakeFailed() {}

  /**
   * One exchange is over: its response (or its refusal) has been written.
   *
   * @param request the request, as the handler saw it (peer and scheme from a trusted proxy)
   * @param status the status answered
   * @param bodyBytes the bytes of content written, as sent (gzip-coded, if it was); 0 for HEAD, 204
   *     and 304
   * @param nanos the time from the request's head being read to its response being written
   */
  default void exchanged(HttpRequest request, Status status, long bodyBytes, long nanos) {}

  /**
   * Bytes were read from a connection.
   *
   * @param count how many, at least 1
   */
  default void bytesRead(long count) {}

  /**
   * Bytes were written to a connection.
   *
   * @param count how many, at least 1
   */
  default void bytesWritten(long count) {}

  /**
   * An observer that tells each of {@code observers}, in order.
   *
   * @param observers the observers to tell
   * @return one observer for all of them ({@link #NONE} for none, the one itself for one)
   */
  static ServerObserver all(ServerObserver... observers) {
    List<ServerObserver> list = List.of(observers);
    if (list.isEmpty()) {
      return NONE;
    }
    if (list.size() == 1) {
      return Objects.requireNonNull(list.get(0));
    }
    ServerObserver[] all = list.toArray(ServerObserver[]::new);
    return new ServerObserver() {
      @Override
      public void listening() {
        for (ServerObserver o : all) {
          o.listening();
        }
      }

      @Override
      public void shuttingDown() {
        for (ServerObserver o : all) {
          o.shuttingDown();
        }
      }

      @Override
      public void connectionOpened() {
        for (ServerObserver o : all) {
          o.connectionOpened();
        }
      }

      @Override
      public void connectionRefused() {
        for (ServerObserver o : all) {
          o.connectionRefused();
        }
      }

      @Override
      public void connectionClosed() {
        for (ServerObserver o : all) {
          o.connectionClosed();
        }
      }

      @Override
      public void connectionTimedOut() {
        for (ServerObserver o : all) {
          o.connectionTimedOut();
        }
      }

      @Override
      public void requestRejected(Status status) {
        for (ServerObserver o : all) {
          o.requestRejected(status);
        }
      }

      @Override
      public void handlerFailed() {
        for (ServerObserver o : all) {
          o.handlerFailed();
        }
      }

      @Override
      public void tlsHandshakeFailed() {
        for (ServerObserver o : all) {
          o.tlsHandshakeFailed();
        }
      }

      @Override
      public void exchanged(HttpRequest request, Status status, long bodyBytes, long nanos) {
        for (ServerObserver o : all) {
          o.exchanged(request, status, bodyBytes, nanos);
        }
      }

      @Override
      public void bytesRead(long count) {
        for (ServerObserver o : all) {
          o.bytesRead(count);
        }
      }

      @Override
      public void bytesWritten(long count) {
        for (ServerObserver o : all) {
          o.bytesWritten(count);
        }
      }
    };
  }
}

package io.hexhttp.transport.internal;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.http1.Http1Engine;
import io.hexhttp.core.port.ServerObserver;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * What a transport needs from the server that runs it, and all it sees of it: admission, the
 * handler, the engine for each connection, and where a connection goes that must block. The server
 * implements it; no transport holds the server itself.
 */
public interface Site {
  /** The application. */
  HttpHandler handler();

  /** Where connections, exchanges and bytes are reported. */
  ServerObserver observer();

  /** A fresh engine for {@code channel}, accepted at {@code now}; its peer's address stamped. */
  Http1Engine engine(SocketChannel channel, long now) throws IOException;

  /** Counts an accepted connection; false (having refused it with 503) beyond the cap. */
  boolean admit(SocketChannel channel);

  /** A connection {@link #admit} let in has ended. */
  void released();

  /**
   * Takes over a connection whose engine must block (a request body still arriving, a streamed
   * response): the channel, already deregistered from its selector, is served by blocking I/O on a
   * virtual thread until it ends, known to shutdown.
   */
  void handOver(SocketChannel channel, Http1Engine engine, TlsCodec tls);

  /** A TLS codec for a connection accepted at {@code now}, or null when the server is plain. */
  TlsCodec tls(long now);

  /** Whether an event loop runs TLS handshakes' delegated tasks off its thread. */
  boolean tlsTasksOffLoop();
}

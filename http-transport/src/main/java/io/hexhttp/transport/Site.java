package io.hexhttp.transport;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.http1.Http1Engine;
import io.hexhttp.core.port.ServerObserver;
import java.nio.channels.SocketChannel;

/**
 * What a transport needs from the server that runs it, and all it sees of it: admission, the
 * handler, the engine for each connection, and where a connection goes that must block. The
 * server implements it; no transport holds the server itself.
 */
interface Site {
  /** The application. */
  HttpHandler handler();

  /** Where connections, exchanges and bytes are reported. */
  ServerObserver observer();

  /** A fresh engine for a connection from {@code peer}, accepted at {@code now}. */
  Http1Engine engine(String peer, long now);

  /** Counts an accepted connection; false (having refused it with 503) beyond the cap. */
  boolean admit(SocketChannel channel);

  /** A connection {@link #admit} let in has ended. */
  void released();

  /** Runs {@code driver} on a virtual thread until its connection ends, known to shutdown. */
  void runBlocking(BlockingDriver driver);
}

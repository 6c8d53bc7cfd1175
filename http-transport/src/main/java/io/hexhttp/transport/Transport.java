package io.hexhttp.transport;

/** How a {@link HttpServer} serves its connections. Both speak the same HTTP/1.1, with the same limits. */
public enum Transport {
  /**
   * A virtual thread per connection over blocking sockets. Handlers may block freely (files,
   * databases, other services). The default.
   */
  VIRTUAL_THREADS,
  /**
   * Event loops (one per core) over non-blocking sockets (epoll on Linux), for the most requests
   * per core. Handlers run on the loop thread and must not block; a request whose body, or
   * response body, has to stream is handed to a virtual thread for the rest of its connection.
   */
  EVENT_LOOP
}

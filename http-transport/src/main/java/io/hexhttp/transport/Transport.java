package io.hexhttp.transport;

/**
 * How a {@link HttpServer} moves bytes. Both drive the same {@link
 * io.hexhttp.core.http1.Http1Engine}, so they speak the same HTTP/1.1 with the same limits and
 * deadlines; they differ in threads.
 */
public enum Transport {
  /**
   * A virtual thread per connection over blocking sockets: the connection's thread reads, runs the
   * handler and writes.
   */
  VIRTUAL_THREADS,
  /**
   * Event loops (one per core) over non-blocking sockets (epoll on Linux). A handler declared
   * {@linkplain io.hexhttp.core.HttpHandler#isNonBlocking non-blocking} runs on the loop when its
   * request's body is all here; any other runs on a virtual thread, so a handler that blocks never
   * stalls another connection. A request body still arriving, or a streamed response body, is
   * served by a virtual thread for the rest of its connection; files go by zero-copy from the loop.
   */
  EVENT_LOOP;

  /** The default: {@link #EVENT_LOOP}. */
  public static final Transport DEFAULT = EVENT_LOOP;
}

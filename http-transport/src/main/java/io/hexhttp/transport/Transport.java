package io.hexhttp.transport;

import io.hexhttp.transport.loop.EventLoop;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a {@link HttpServer} moves bytes. All drive the same {@link
 * io.hexhttp.core.http1.Http1Engine}, so they speak the same HTTP/1.1 with the same limits and
 * deadlines; they differ in threads, and in how the loops wait for their sockets.
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
  EVENT_LOOP,
  /**
   * The {@link #EVENT_LOOP} transport with its loops waiting on Linux's epoll directly, and reading
   * and writing the sockets straight into and out of the engine's buffers, through the foreign
   * function API instead of the JDK's selector and channels: the same behaviour for less CPU a
   * request. The sockets stay the JDK's; files, TLS and hand-overs go as in {@link #EVENT_LOOP}.
   * Needs JDK 22+, Linux on x86-64 or aarch64, and two JVM options: {@code
   * --enable-native-access=io.hexhttp.transport} and {@code --add-exports
   * java.base/sun.nio.ch=io.hexhttp.transport} ({@code ALL-UNNAMED} for both when hexhttp is on the
   * class path). Where it cannot run, {@link #unavailable} says why and the server does not start.
   */
  EPOLL;

  /** The default: {@link #EVENT_LOOP}. */
  public static final Transport DEFAULT = EVENT_LOOP;

  /**
   * The transports that can run in this JVM: all of them where {@link #EPOLL} can, else the others.
   *
   * @return those transports, in declaration order
   */
  public static List<Transport> available() {
    return Arrays.stream(values()).filter(t -> t.unavailable().isEmpty()).toList();
  }

  /**
   * Why this transport cannot run in this JVM, or empty when it can.
   *
   * @return the reason, e.g. the JVM option it needs
   */
  public Optional<String> unavailable() {
    return this == EPOLL ? Optional.ofNullable(EventLoop.epollUnavailable()) : Optional.empty();
  }
}

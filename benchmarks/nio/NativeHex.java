import io.hexhttp.bench.ProgramApp;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.http1.Http1Config;
import io.hexhttp.core.http1.Http1Engine;
import io.hexhttp.core.port.ServerObserver;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Clock;

/**
 * NativeFloor's loop driving hexhttp's engine: each connection an {@link Http1Engine} serving the
 * program's routes behind its gzip filter ({@link ProgramApp}), as the event loop does, but its
 * bytes moved by read and write called through the foreign function API (Epoll.java: Java 22+,
 * Linux on x86-64) instead of the JDK's SocketChannel and Selector. What hexhttp would cost a
 * request on a native transport of its own.
 * A measuring instrument, not a server: keep-alive and pipelined GETs only (a request whose
 * handler would block, or whose body is still arriving, closes its connection). Run from its
 * source with the program's jars and the benchmarks' classes ({@link ProgramApp}: the application
 * EngineBenchmark drives):
 *   java --enable-native-access=ALL-UNNAMED -cp 'http-cli/target/lib/*:benchmarks/target/classes'
 *   NativeHex.java PORT
 */
public final class NativeHex {
  public static void main(String[] args) throws Throwable {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18485;
    HttpHandler app = ProgramApp.application();
    Http1Config config = ProgramApp.config(false); // as the program runs: no Date
    Epoll epoll = Epoll.listen(port);
    Http1Engine[] engines = new Http1Engine[65536];
    System.out.println("native hexhttp listening on " + port);
    while (true) {
      int n = epoll.await();
      long now = System.nanoTime();
      for (int i = 0; i < n; i++) {
        int fd = epoll.ready(i);
        if (fd == epoll.listener) {
          for (int c; (c = epoll.accept()) >= 0; ) {
            engines[c] = new Http1Engine(config, ServerObserver.NONE, Clock.systemUTC(), null, now);
          }
          continue;
        }
        if (!drive(epoll, fd, engines[fd], app, now)) {
          engines[fd] = null;
          Epoll.close(fd);
        }
      }
    }
  }

  /** Does what the engine asks until it must wait for bytes; false to close. */
  private static boolean drive(Epoll epoll, int fd, Http1Engine engine, HttpHandler app, long now)
      throws Throwable {
    boolean readable = true;
    while (true) {
      switch (engine.next(now)) {
        case READ -> {
          if (!readable) {
            return true;
          }
          ByteBuffer b = engine.readBuffer();
          long r = epoll.read(fd, MemorySegment.ofBuffer(b));
          if (r < 0) {
            return r == -Epoll.EAGAIN; // emptied: wait; anything else is a failed socket
          }
          readable = r == b.remaining();
          b.position(b.position() + (int) r);
          engine.received(r == 0 ? -1 : (int) r, now); // 0: the peer's FIN
        }
        case WRITE -> {
          ByteBuffer out = engine.output();
          long w = Epoll.write(fd, MemorySegment.ofBuffer(out));
          if (w < out.remaining()) {
            return false; // a measuring instrument: a full socket buffer ends the connection
          }
          out.position(out.limit());
          engine.wrote((int) w, now);
        }
        case HANDLE -> {
          if (!engine.bodyReceived() || !app.isNonBlocking(engine.request())) {
            return false;
          }
          engine.handle(app, now);
        }
        default -> {
          return false; // SHUTDOWN_OUTPUT, CLOSE, a body to stream
        }
      }
    }
  }
}

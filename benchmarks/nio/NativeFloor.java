import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The C floor (benchmarks/c/floor.c) in Java without the JDK's NIO: the same one-thread epoll
 * loop, its system calls made through the foreign function API (Epoll.java: Java 22+, Linux on
 * x86-64), reading and writing Java arrays in place. Beside NioFloor it splits the distance from a
 * Java server to the C floor into the JVM's part (this one's) and the JDK's sockets' and
 * selector's part (NioFloor's over this one's): what a native transport could win. Run from its
 * source: java --enable-native-access=ALL-UNNAMED NativeFloor.java PORT
 */
public final class NativeFloor {
  private static final byte[] OK =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = {'\r', '\n', '\r', '\n'};

  public static void main(String[] args) throws Throwable {
    Epoll epoll = Epoll.listen(args.length > 0 ? Integer.parseInt(args[0]) : 18484);
    byte[] inBytes = new byte[65536];
    MemorySegment in = MemorySegment.ofArray(inBytes);
    byte[] out = new byte[65536 * 2];
    int[] tail = new int[65536]; // per fd: how much of "\r\n\r\n" the last read ended in
    System.out.println("native floor listening on " + args[0]);
    while (true) {
      for (int i = 0, n = epoll.await(); i < n; i++) {
        int fd = epoll.ready(i);
        if (fd == epoll.listener) {
          for (int c; (c = epoll.accept()) >= 0; ) {
            tail[c] = 0;
          }
          continue;
        }
        long r = epoll.read(fd, in);
        if (r <= 0) {
          Epoll.close(fd);
          continue;
        }
        int state = tail[fd];
        int len = 0;
        for (int k = 0; k < r; k++) {
          byte b = inBytes[k];
          state = b == END[state] ? state + 1 : (b == '\r' ? 1 : 0);
          if (state == 4) {
            state = 0;
            if (len + OK.length > out.length) {
              Epoll.write(fd, MemorySegment.ofArray(out).asSlice(0, len));
              len = 0;
            }
            System.arraycopy(OK, 0, out, len, OK.length);
            len += OK.length;
          }
        }
        tail[fd] = state;
        if (len > 0) {
          Epoll.write(fd, MemorySegment.ofArray(out).asSlice(0, len));
        }
      }
    }
  }
}

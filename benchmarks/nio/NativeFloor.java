import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The C floor (benchmarks/c/floor.c) in Java without the JDK's NIO: the same one-thread epoll
 * loop, its system calls made through the foreign function API (Java 22+; Linux on x86-64,
 * whose epoll_event is packed), reading
 * and writing Java byte arrays in place (critical downcalls with heap access). Beside NioFloor it
 * splits the distance from a Java server to the C floor into the JVM's part (this one's) and the
 * JDK's sockets' and selector's part (NioFloor's over this one's): what a native transport could
 * win. A single-file program, run from its source:
 *   java --enable-native-access=ALL-UNNAMED NativeFloor.java PORT
 */
public final class NativeFloor {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final Linker.Option HEAP = Linker.Option.critical(true);
  private static final MethodHandle SOCKET =
      libc("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle SETSOCKOPT =
      libc(
          "setsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle BIND =
      libc("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle LISTEN =
      libc("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle ACCEPT4 =
      libc("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
  private static final MethodHandle EPOLL_CREATE1 =
      libc("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle EPOLL_CTL =
      libc("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle EPOLL_WAIT =
      libc("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  // read and write straight into and out of Java arrays: no copy, no pinning beyond the call
  private static final MethodHandle READ =
      libc("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), HEAP);
  private static final MethodHandle WRITE =
      libc("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), HEAP);
  private static final MethodHandle CLOSE =
      libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final int AF_INET = 2, SOCK_STREAM = 1, SOCK_NONBLOCK = 04000;
  private static final int SOL_SOCKET = 1, SO_REUSEADDR = 2, IPPROTO_TCP = 6, TCP_NODELAY = 1;
  private static final int EPOLLIN = 1, EPOLL_CTL_ADD = 1, EVENT = 12; // packed epoll_event

  private static final byte[] OK =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = {'\r', '\n', '\r', '\n'};

  private static MethodHandle libc(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    return LINKER.downcallHandle(
        LINKER.defaultLookup().find(name).orElseThrow(), descriptor, options);
  }

  public static void main(String[] args) throws Throwable {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18484;
    Arena arena = Arena.global();
    MemorySegment one = arena.allocate(JAVA_INT);
    one.set(JAVA_INT, 0, 1);
    int listener = (int) SOCKET.invokeExact(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    check((int) SETSOCKOPT.invokeExact(listener, SOL_SOCKET, SO_REUSEADDR, one, 4), "setsockopt");
    MemorySegment address = arena.allocate(16); // sockaddr_in: family, port and address big-endian
    address.set(JAVA_SHORT, 0, (short) AF_INET);
    address.set(JAVA_BYTE, 2, (byte) (port >> 8));
    address.set(JAVA_BYTE, 3, (byte) port);
    address.set(JAVA_BYTE, 4, (byte) 127);
    address.set(JAVA_BYTE, 7, (byte) 1);
    check((int) BIND.invokeExact(listener, address, 16), "bind");
    check((int) LISTEN.invokeExact(listener, 1024), "listen");
    int epoll = (int) EPOLL_CREATE1.invokeExact(0);
    MemorySegment event = arena.allocate(EVENT);
    MemorySegment events = arena.allocate(EVENT * 256);
    add(epoll, listener, event);
    MemorySegment in = MemorySegment.ofArray(new byte[65536]);
    byte[] outBytes = new byte[65536 * 2];
    MemorySegment out = MemorySegment.ofArray(outBytes);
    int[] tail = new int[65536]; // per fd: how much of "\r\n\r\n" the last read ended in
    System.out.println("native floor listening on " + port);
    while (true) {
      int n = (int) EPOLL_WAIT.invokeExact(epoll, events, 256, -1);
      for (int i = 0; i < n; i++) {
        int fd = (int) events.get(JAVA_LONG_UNALIGNED, (long) EVENT * i + 4);
        if (fd == listener) {
          for (int c;
              (c = (int) ACCEPT4.invokeExact(listener, MemorySegment.NULL, MemorySegment.NULL,
                      SOCK_NONBLOCK))
                  >= 0; ) {
            check((int) SETSOCKOPT.invokeExact(c, IPPROTO_TCP, TCP_NODELAY, one, 4), "nodelay");
            add(epoll, c, event);
            tail[c] = 0;
          }
          continue;
        }
        long r = (long) READ.invokeExact(fd, in, in.byteSize());
        if (r <= 0) {
          check((int) CLOSE.invokeExact(fd), "close");
          continue;
        }
        int state = tail[fd];
        int len = 0;
        for (int k = 0; k < r; k++) {
          byte b = in.getAtIndex(JAVA_BYTE, k);
          state = b == END[state] ? state + 1 : (b == '\r' ? 1 : 0);
          if (state == 4) {
            state = 0;
            if (len + OK.length > outBytes.length) {
              long w = (long) WRITE.invokeExact(fd, out, (long) len);
              len = 0;
            }
            System.arraycopy(OK, 0, outBytes, len, OK.length);
            len += OK.length;
          }
        }
        tail[fd] = state;
        if (len > 0) {
          long w = (long) WRITE.invokeExact(fd, out, (long) len);
        }
      }
    }
  }

  private static void add(int epoll, int fd, MemorySegment event) throws Throwable {
    event.set(JAVA_INT_UNALIGNED, 0, EPOLLIN);
    event.set(JAVA_LONG_UNALIGNED, 4, fd);
    check((int) EPOLL_CTL.invokeExact(epoll, EPOLL_CTL_ADD, fd, event), "epoll_ctl");
  }

  private static void check(int rc, String what) {
    if (rc < 0) {
      throw new IllegalStateException(what + " failed");
    }
  }
}

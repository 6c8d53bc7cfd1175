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
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C floor's system calls for NativeFloor.java and NativeHex.java, through the foreign
 * function API (Java 22+; Linux on x86-64, whose epoll_event is packed): a listening socket on
 * 127.0.0.1, accepting, a level-triggered epoll set, and read and write straight into and out of
 * Java arrays (critical downcalls with heap access; a read keeps its errno). The source launcher
 * compiles it beside the program that uses it.
 */
final class Epoll {
  static final int EAGAIN = 11;
  private static final Linker LINKER = Linker.nativeLinker();
  private static final Linker.Option HEAP = Linker.Option.critical(true);
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
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
  private static final MethodHandle READ =
      libc(
          "read",
          FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
          HEAP,
          Linker.Option.captureCallState("errno"));
  private static final MethodHandle WRITE =
      libc("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), HEAP);
  private static final MethodHandle CLOSE =
      libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final int AF_INET = 2, SOCK_STREAM = 1, SOCK_NONBLOCK = 04000;
  private static final int SOL_SOCKET = 1, SO_REUSEADDR = 2, IPPROTO_TCP = 6, TCP_NODELAY = 1;
  private static final int EPOLLIN = 1, EPOLL_CTL_ADD = 1, EVENT = 12; // packed epoll_event
  private static final int MAX_EVENTS = 256;

  private final Arena arena = Arena.ofAuto();
  private final MemorySegment one = arena.allocateFrom(JAVA_INT, 1);
  private final MemorySegment event = arena.allocate(EVENT);
  private final MemorySegment events = arena.allocate(EVENT * MAX_EVENTS);
  private final MemorySegment state = arena.allocate(CALL_STATE);
  private final int epoll;
  /** The listening socket's descriptor, among those {@link #await} reports. */
  final int listener;

  private static MethodHandle libc(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    return LINKER.downcallHandle(
        LINKER.defaultLookup().find(name).orElseThrow(), descriptor, options);
  }

  private Epoll(int epoll, int listener) {
    this.epoll = epoll;
    this.listener = listener;
  }

  /** A non-blocking listening socket on 127.0.0.1:{@code port}, in a new epoll set. */
  static Epoll listen(int port) throws Throwable {
    int listener = (int) SOCKET.invokeExact(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    Epoll e = new Epoll((int) EPOLL_CREATE1.invokeExact(0), listener);
    check((int) SETSOCKOPT.invokeExact(listener, SOL_SOCKET, SO_REUSEADDR, e.one, 4), "setsockopt");
    MemorySegment address = e.arena.allocate(16); // sockaddr_in: port and address big-endian
    address.set(JAVA_SHORT, 0, (short) AF_INET);
    address.set(JAVA_BYTE, 2, (byte) (port >> 8));
    address.set(JAVA_BYTE, 3, (byte) port);
    address.set(JAVA_BYTE, 4, (byte) 127);
    address.set(JAVA_BYTE, 7, (byte) 1);
    check((int) BIND.invokeExact(listener, address, 16), "bind");
    check((int) LISTEN.invokeExact(listener, 1024), "listen");
    e.add(listener);
    return e;
  }

  /** Waits for ready descriptors; how many, each then {@link #ready}. */
  int await() throws Throwable {
    return (int) EPOLL_WAIT.invokeExact(epoll, events, MAX_EVENTS, -1);
  }

  /** The {@code i}th ready descriptor of the last {@link #await}. */
  int ready(int i) {
    return (int) events.get(JAVA_LONG_UNALIGNED, (long) EVENT * i + 4);
  }

  /** Accepts a pending connection, non-blocking, without Nagle, in the set; -1 for none. */
  int accept() throws Throwable {
    int c =
        (int) ACCEPT4.invokeExact(listener, MemorySegment.NULL, MemorySegment.NULL, SOCK_NONBLOCK);
    if (c >= 0) {
      check((int) SETSOCKOPT.invokeExact(c, IPPROTO_TCP, TCP_NODELAY, one, 4), "TCP_NODELAY");
      add(c);
    }
    return c;
  }

  /** read(2) into {@code to}: the count, 0 at the peer's end, -errno when it fails. */
  long read(int fd, MemorySegment to) throws Throwable {
    long r = (long) READ.invokeExact(state, fd, to, to.byteSize());
    return r >= 0 ? r : -(int) ERRNO.get(state, 0L);
  }

  /** write(2) of {@code from}: the count, or -1. */
  static long write(int fd, MemorySegment from) throws Throwable {
    return (long) WRITE.invokeExact(fd, from, from.byteSize());
  }

  static void close(int fd) throws Throwable {
    check((int) CLOSE.invokeExact(fd), "close");
  }

  private void add(int fd) throws Throwable {
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

package io.hexhttp.transport.loop;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Locale;

/**
 * A {@link Poller} on Linux's epoll through the foreign function API: without the JDK selector's
 * per-event bookkeeping, reading and writing the sockets straight into and out of the engine's
 * heap buffers (critical calls) instead of through a temporary native buffer, and edge-triggered
 * for connections: a socket is reported when bytes arrive or room frees up, not again in each
 * round while they wait (the loop reads until a read comes back short), which spares the kernel
 * a second look at each socket reported, in the round after. The sockets remain the JDK's
 * channels, opened, configured and closed by the JDK; only their descriptors are read, which
 * needs {@code --add-exports java.base/sun.nio.ch=} this module (or {@code ALL-UNNAMED} on the
 * class path), and native access ({@code --enable-native-access=}, the same). Linux on x86-64 or
 * aarch64.
 */
final class EpollPoller extends Poller {
  private static final int EPOLLIN = 0x001;
  private static final int EPOLLOUT = 0x004;
  private static final int EPOLLERR = 0x008;
  private static final int EPOLLHUP = 0x010;
  private static final int EPOLLET = 1 << 31;
  private static final int EPOLL_CTL_ADD = 1;
  private static final int EPOLL_CTL_DEL = 2;
  private static final int EPOLL_CTL_MOD = 3;
  private static final int O_CLOEXEC = 02000000;
  private static final int O_NONBLOCK = 04000;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final int MAX_EVENTS = 512;

  /** Why it cannot run here (null when it can), decided once. */
  private static final String UNAVAILABLE;

  // epoll_event: a 32-bit event mask and 64 bits of data, packed on x86-64, aligned on aarch64
  private static final long EVENT;
  private static final long DATA;
  private static final MethodHandle FD_VAL; // (Object channel) -> int, the JDK's SelChImpl
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final MethodHandle EPOLL_CREATE1;
  private static final MethodHandle EPOLL_CTL;
  private static final MethodHandle EPOLL_WAIT; // syscall(2): epoll_pwait without a signal mask
  private static final MethodHandle EVENTFD;
  private static final MethodHandle READ_FD; // syscall(2): into a heap or native segment, errno kept
  private static final MethodHandle SEND; // syscall(2): from a heap or native segment, errno kept
  private static final long SYS_READ; // the system calls' numbers on this architecture
  private static final long SYS_SENDTO;
  private static final long SYS_EPOLL_PWAIT;
  private static final MethodHandle CLOSE;
  private static final MethodHandle WRITE_FD; // the eventfd's count, from any thread

  static {
    String why = null;
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    long event = 0;
    long data = 0;
    long sysRead = 0;
    long sysSendto = 0;
    long sysEpollPwait = 0;
    MethodHandle fdVal = null;
    MethodHandle[] calls = new MethodHandle[8];
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      why = "epoll is Linux's; this is " + System.getProperty("os.name");
    } else if (arch.equals("amd64") || arch.equals("x86_64")) {
      event = 12;
      data = 4;
      sysRead = 0;
      sysSendto = 44;
      sysEpollPwait = 281;
    } else if (arch.equals("aarch64")) {
      event = 16;
      data = 8;
      sysRead = 63;
      sysSendto = 206;
      sysEpollPwait = 22;
    } else {
      why = "the epoll poller knows x86-64 and aarch64; this is " + arch;
    }
    if (why == null && !EpollPoller.class.getModule().isNativeAccessEnabled()) {
      why = "epoll needs native access: run Java with --enable-native-access=" + moduleName();
    }
    if (why == null) {
      try {
        Class<?> selChImpl = Class.forName("sun.nio.ch.SelChImpl");
        fdVal =
            MethodHandles.lookup()
                .findVirtual(selChImpl, "getFDVal", MethodType.methodType(int.class))
                .asType(MethodType.methodType(int.class, Object.class));
      } catch (ReflectiveOperationException | IllegalAccessError | SecurityException e) {
        why =
            "epoll needs the sockets' descriptors: run Java with --add-exports java.base/sun.nio.ch="
                + moduleName();
      }
    }
    if (why == null) {
      try {
        Linker linker = Linker.nativeLinker();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        Linker.Option heap = Linker.Option.critical(true);
        calls[0] = libc(linker, "epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        calls[1] =
            libc(
                linker,
                "epoll_ctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
                errno);
        calls[3] = libc(linker, "eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        // read(2), sendto(2) and epoll_pwait(2) through syscall(2), not their libc wrappers: in a
        // process with more than one thread (a JVM) those are cancellation points, two atomic
        // operations on the thread's state around each call. The wait blocks, so it is not a
        // critical call (the collector may run while it waits)
        Linker.Option variadic = Linker.Option.firstVariadicArg(1);
        calls[2] =
            libc(
                linker,
                "syscall",
                FunctionDescriptor.of(
                    JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG),
                variadic,
                errno);
        calls[4] =
            libc(
                linker,
                "syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
                variadic,
                errno,
                heap);
        calls[5] =
            libc(
                linker,
                "syscall",
                FunctionDescriptor.of(
                    JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT),
                variadic,
                errno,
                heap);
        calls[6] = libc(linker, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        calls[7] =
            libc(linker, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
      } catch (RuntimeException | LinkageError e) {
        why = "epoll's system calls could not be linked: " + e;
      }
    }
    UNAVAILABLE = why;
    EVENT = event;
    DATA = data;
    FD_VAL = fdVal;
    EPOLL_CREATE1 = calls[0];
    EPOLL_CTL = calls[1];
    EPOLL_WAIT = calls[2];
    EVENTFD = calls[3];
    READ_FD = calls[4];
    SEND = calls[5];
    SYS_READ = sysRead;
    SYS_SENDTO = sysSendto;
    SYS_EPOLL_PWAIT = sysEpollPwait;
    CLOSE = calls[6];
    WRITE_FD = calls[7];
  }

  // freed with the poller, by the collector: a call that passes a segment of an automatic arena
  // takes no hold on it, where a shared arena's costs two atomic operations a call (about 1.5 % of
  // a keep-alive request's CPU); any thread may use it (wakeup() writes from others)
  private final Arena arena = Arena.ofAuto();
  private final MemorySegment state = arena.allocate(CALL_STATE);
  private final MemorySegment event;
  private final MemorySegment events;
  private final MemorySegment one; // what wakeup() adds to the eventfd
  private final MemorySegment drained; // where a round reads the eventfd back
  private final int epoll;
  private final int wake;
  private final Object wakeLock = new Object();
  private boolean woken; // guarded by wakeLock: a wakeup is in the eventfd, not yet drained
  private boolean closed; // guarded by wakeLock: the eventfd's number may belong to another file
  private int listener = -1;
  private FdSocket[] sockets = new FdSocket[256]; // by descriptor
  private int registrations; // tells a socket's events from those of an earlier one with its fd

  private static MethodHandle libc(
      Linker linker, String name, FunctionDescriptor descriptor, Linker.Option... options) {
    return linker.downcallHandle(
        linker.defaultLookup().find(name).orElseThrow(), descriptor, options);
  }

  private static String moduleName() {
    Module m = EpollPoller.class.getModule();
    return m.isNamed() ? m.getName() : "ALL-UNNAMED";
  }

  /** Why it cannot run here, or null when it can. */
  static String unavailable() {
    return UNAVAILABLE;
  }

  EpollPoller() throws IOException {
    event = arena.allocate(EVENT);
    events = arena.allocate(EVENT * MAX_EVENTS);
    one = arena.allocate(JAVA_LONG);
    one.set(JAVA_LONG, 0, 1L);
    drained = arena.allocate(JAVA_LONG);
    int e;
    int w;
    try {
      e = (int) EPOLL_CREATE1.invokeExact(O_CLOEXEC);
      w = e < 0 ? -1 : (int) EVENTFD.invokeExact(0, O_NONBLOCK | O_CLOEXEC);
      if (e >= 0 && w < 0) {
        int ignored = (int) CLOSE.invokeExact(e);
      }
    } catch (Throwable t) {
      throw new AssertionError(t); // the handles' types are exact
    }
    if (w < 0) {
      throw new IOException(e < 0 ? "epoll_create1 failed" : "eventfd failed");
    }
    epoll = e;
    wake = w;
    control(EPOLL_CTL_ADD, wake, EPOLLIN, -1L);
  }

  private static int fd(SelectableChannel channel) {
    try {
      return (int) FD_VAL.invokeExact((Object) channel);
    } catch (Throwable t) {
      throw new AssertionError(t); // every JDK socket channel is a SelChImpl
    }
  }

  private int errno() {
    return (int) ERRNO.get(state, 0L);
  }

  private void control(int op, int fd, int mask, long data) throws IOException {
    int rc;
    try {
      event.set(JAVA_INT_UNALIGNED, 0, mask);
      event.set(JAVA_LONG_UNALIGNED, DATA, data);
      rc = (int) EPOLL_CTL.invokeExact(state, epoll, op, fd, event);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    if (rc < 0) {
      throw new IOException("epoll_ctl failed: errno " + errno());
    }
  }

  @Override
  void listen(ServerSocketChannel channel) throws IOException {
    listener = fd(channel);
    control(EPOLL_CTL_ADD, listener, EPOLLIN, listener);
  }

  @Override
  void unlisten(ServerSocketChannel channel) {
    if (listener >= 0) {
      try {
        control(EPOLL_CTL_DEL, listener, 0, 0);
      } catch (IOException ignored) {
        // it was not in the set
      }
      listener = -1;
    }
  }

  @Override
  Socket register(SocketChannel channel, Object attachment) throws IOException {
    int fd = fd(channel);
    if (fd >= sockets.length) {
      sockets = Arrays.copyOf(sockets, Math.max(fd + 1, sockets.length * 2));
    }
    if (++registrations == 0) {
      registrations = 1; // 0 is the listener's
    }
    FdSocket socket = new FdSocket(attachment, fd, registrations);
    control(EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLET, socket.data());
    socket.ops = READ;
    sockets[fd] = socket;
    return socket;
  }

  @Override
  void select(Ready ready, long millis) throws IOException {
    int n;
    try {
      n =
          (int)
              (long)
                  EPOLL_WAIT.invokeExact(
                      state,
                      SYS_EPOLL_PWAIT,
                      epoll,
                      events,
                      MAX_EVENTS,
                      (int) millis,
                      MemorySegment.NULL,
                      8L);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    if (n < 0) {
      if (errno() == EINTR) {
        return;
      }
      throw new IOException("epoll_wait failed: errno " + errno());
    }
    for (int i = 0; i < n; i++) {
      long at = EVENT * i;
      int mask = events.get(JAVA_INT_UNALIGNED, at);
      long data = events.get(JAVA_LONG_UNALIGNED, at + DATA);
      int fd = (int) data;
      if (data == -1L) {
        drainWakeups();
      } else if (fd == listener && (data >>> 32) == 0) {
        ready.acceptable();
      } else if (fd >= 0 && fd < sockets.length) {
        FdSocket s = sockets[fd];
        if (s != null && s.registration == (int) (data >>> 32)) {
          boolean readable =
              (mask & EPOLLIN) != 0 || ((mask & (EPOLLERR | EPOLLHUP)) != 0 && s.ops == READ);
          ready.ready(s, readable);
        }
      }
    }
  }

  private void drainWakeups() {
    synchronized (wakeLock) {
      try {
        long ignored = (long) READ_FD.invokeExact(state, SYS_READ, wake, drained, 8L);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
      woken = false;
    }
  }

  @Override
  void settleCancels() {
    // epoll_ctl has already removed them
  }

  @Override
  void wakeup() {
    synchronized (wakeLock) {
      if (woken || closed) {
        return; // one is pending; or the loop has ended, and a late handler returns
      }
      woken = true;
      try {
        long ignored = (long) WRITE_FD.invokeExact(wake, one, 8L);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }
  }

  @Override
  public void close() {
    synchronized (wakeLock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        int a = (int) CLOSE.invokeExact(wake);
        int b = (int) CLOSE.invokeExact(epoll);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }
  }

  /** A connection's socket by its descriptor. */
  private final class FdSocket extends Socket {
    final int fd;
    final int registration;
    int ops; // what epoll reports for it; 0: not in the set
    boolean cancelled;

    FdSocket(Object attachment, int fd, int registration) {
      super(attachment);
      this.fd = fd;
      this.registration = registration;
    }

    long data() {
      return ((long) registration << 32) | fd;
    }

    @Override
    void interest(int wanted) {
      if (wanted == ops || cancelled) {
        return;
      }
      // a descriptor in the set always reports a hang-up or an error, whatever it asked for: one
      // that wants nothing (its handler runs elsewhere) leaves the set, as the JDK's selector does
      // an ADD or a MOD looks at the socket at once: bytes or room already there are reported
      // though they came before; after that, each arrival (each freeing of room) once
      int mask = EPOLLET | ((wanted & READ) != 0 ? EPOLLIN : 0);
      mask |= (wanted & WRITE) != 0 ? EPOLLOUT : 0;
      int op = wanted == 0 ? EPOLL_CTL_DEL : ops == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
      try {
        control(op, fd, mask, data());
      } catch (IOException e) {
        throw new IllegalStateException(e.getMessage(), e); // the loop closes the connection
      }
      ops = wanted;
    }

    @Override
    void cancel() {
      if (cancelled) {
        return;
      }
      cancelled = true;
      if (ops != 0) {
        try {
          control(EPOLL_CTL_DEL, fd, 0, 0);
        } catch (IOException ignored) {
          // already gone from the set
        }
        ops = 0;
      }
      if (sockets[fd] == this) {
        sockets[fd] = null;
      }
    }

    @Override
    int read(ByteBuffer b) throws IOException {
      return transfer(b, false);
    }

    @Override
    int write(ByteBuffer b) throws IOException {
      return transfer(b, true);
    }

    /** read(2) into, or send(2) out of, {@code b}'s remaining bytes, as a channel would. */
    private int transfer(ByteBuffer b, boolean out) throws IOException {
      int at = b.position();
      int length = b.limit() - at;
      if (length == 0) {
        return 0;
      }
      long n;
      do {
        try {
          // a heap buffer's array as it is: ofBuffer looks for the buffer's memory session first
          MemorySegment bytes =
              b.hasArray()
                  ? MemorySegment.ofArray(b.array()).asSlice(b.arrayOffset() + at, length)
                  : MemorySegment.ofBuffer(b);
          n =
              out
                  ? (long)
                      SEND.invokeExact(
                          state,
                          SYS_SENDTO,
                          fd,
                          bytes,
                          (long) length,
                          MSG_NOSIGNAL,
                          MemorySegment.NULL,
                          0)
                  : (long) READ_FD.invokeExact(state, SYS_READ, fd, bytes, (long) length);
        } catch (Throwable t) {
          throw new AssertionError(t); // the handles' types are exact
        }
      } while (n < 0 && errno() == EINTR);
      if (n > 0) {
        b.position(at + (int) n);
        return (int) n;
      }
      if (n == 0) {
        return out ? 0 : -1; // a read of nothing is the peer's end
      }
      int errno = errno();
      if (errno == EAGAIN) {
        return 0;
      }
      throw new IOException(describe(out ? "write" : "read", errno));
    }
  }

  private static String describe(String call, int errno) {
    return switch (errno) {
      case 32 -> "Broken pipe";
      case 104 -> "Connection reset by peer";
      case 110 -> "Connection timed out";
      default -> call + " failed: errno " + errno;
    };
  }
}

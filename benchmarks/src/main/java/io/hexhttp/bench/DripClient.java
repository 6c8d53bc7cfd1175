package io.hexhttp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Sends request heads one byte per TCP segment (TCP_NODELAY, a pause after each byte) to a server
 * process and prints the server's CPU time per byte, read from {@code /proc/PID/task/}{@code
 * *}{@code /schedstat} (nanoseconds, every thread). A parser that re-scans what it has already seen
 * costs more per byte as the head grows; one that resumes costs the same.
 *
 * <pre>DripClient PORT PID [HEAD_BYTES...]</pre>
 */
public final class DripClient {
  private static final long GAP_NANOS = 50_000;
  private static final long BUDGET_BYTES = 60_000; // bytes dripped per size: repeats fill it

  private DripClient() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long pid = Long.parseLong(args[1]);
    int[] sizes = {7 * 1024, 28 * 1024};
    if (args.length > 2) {
      sizes = new int[args.length - 2];
      for (int i = 2; i < args.length; i++) {
        sizes[i - 2] = Integer.parseInt(args[i]);
      }
    }
    drip(port, head(512)); // warm up the server's path
    for (int size : sizes) {
      byte[] head = head(size);
      int repeats = (int) Math.max(1, BUDGET_BYTES / size);
      long before = serverCpuNanos(pid);
      long wall = System.nanoTime();
      String status = "";
      for (int r = 0; r < repeats; r++) {
        status = drip(port, head);
      }
      long cpu = serverCpuNanos(pid) - before;
      wall = System.nanoTime() - wall;
      double perByte = cpu / 1000.0 / ((double) size * repeats);
      System.out.printf(
          "head %6d B x %2d: server CPU %7.1f ms, %6.2f us per byte (wall %5.1f s), answer %s%n",
          size, repeats, cpu / 1e6, perByte, wall / 1e9, status);
    }
  }

  /** One connection: the head byte by byte, then the answer's status line. */
  private static String drip(int port, byte[] head) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      try {
        for (byte b : head) {
          out.write(b);
          out.flush();
          LockSupport.parkNanos(GAP_NANOS);
        }
      } catch (IOException refused) {
        // the server answered (and closed) before the head was whole: its answer says why
      }
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      int eol = all.indexOf('\r');
      return eol < 0 ? all : all.substring(0, eol);
    }
  }

  /** A browser-like head of exactly {@code size} bytes that asks to close after its answer. */
  static byte[] head(int size) {
    StringBuilder b =
        new StringBuilder(
            "GET /echo/drip HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nUser-Agent: drip\r\n");
    int i = 0;
    while (b.length() + 2 < size) {
      String line = "X-Field-" + i++ + ": " + "v".repeat(400) + "\r\n"; // under 100 fields
      if (b.length() + line.length() + 2 > size) {
        int pad = size - 2 - b.length() - "X-P: \r\n".length();
        b.append("X-P: ").append("p".repeat(Math.max(0, pad))).append("\r\n");
        break;
      }
      b.append(line);
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The CPU time every thread of {@code pid} has had, in nanoseconds. */
  static long serverCpuNanos(long pid) throws IOException {
    long total = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("schedstat")).trim();
          total += Long.parseLong(stat.split(" ")[0]);
        } catch (IOException gone) {
          // a thread that ended meanwhile
        }
      }
    }
    return total;
  }
}

package io.hexhttp.bench;

import io.hexhttp.core.Body;
import io.hexhttp.core.Compliance;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.codec.ParserLimits;
import io.hexhttp.core.codec.RequestParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A request head of {@code headBytes} parsed when it arrives whole, in 100-byte pieces and one byte
 * at a time: the push parser keeps what it accepted and never scans a byte twice, so the time per
 * byte should stay flat as the head grows, whatever the pieces. Each operation is one whole head;
 * divide by {@code headBytes} for the cost per byte.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserPiecesBenchmark {
  @Param({"1024", "7168", "28672"})
  int headBytes;

  @Param({"1", "100", "whole"})
  String piece;

  private final RequestParser parser =
      new RequestParser(
          new ParserLimits(8 * 1024, 64 * 1024, 1000, 1 << 20, 4096), Compliance.LENIENT);
  private ByteBuffer view;
  private int[] ends;

  @Setup
  public void setUp() {
    byte[] head = head(headBytes);
    view = ByteBuffer.wrap(head);
    int size = piece.equals("whole") ? head.length : Integer.parseInt(piece);
    ends = new int[(head.length + size - 1) / size];
    for (int i = 0; i < ends.length; i++) {
      ends[i] = Math.min(head.length, (i + 1) * size);
    }
  }

  /** A browser-like head padded with fields to {@code size} bytes. */
  static byte[] head(int size) {
    StringBuilder b =
        new StringBuilder(
            "GET /echo/hello HTTP/1.1\r\nHost: localhost:4221\r\nUser-Agent: bench\r\n");
    for (int i = 0; b.length() < size - 2; i++) {
      String line = "X-Field-" + i + ": " + "v".repeat(40) + "\r\n";
      if (b.length() + line.length() > size - 2) {
        int pad = size - 2 - b.length() - ("X-P: \r\n").length();
        b.append("X-P: ").append("p".repeat(Math.max(0, pad))).append("\r\n");
        break;
      }
      b.append(line);
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Benchmark
  public HttpRequest parseHead() {
    int start = 0;
    for (int end : ends) {
      view.limit(end).position(start);
      RequestParser.Result r = parser.parse(view);
      start = end;
      if (r == RequestParser.Result.HEAD) {
        HttpRequest request = parser.request(Body.empty(), null);
        view.limit(end);
        parser.parse(view); // END: no body
        return request;
      }
    }
    throw new IllegalStateException("the head did not complete");
  }
}

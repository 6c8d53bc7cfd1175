package io.hexhttp.bench;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.http1.Http1Config;
import io.hexhttp.core.http1.Http1Engine;
import io.hexhttp.core.port.ServerObserver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the server does per request between the socket's read and its write, without the socket: one
 * connection's engine given wrk's request sixteen times pipelined (as {@code scripts/bench.sh} and
 * {@code scripts/limits.sh} send it) or once a read (keep-alive), parsing, routing through the
 * program's application ({@link ProgramApp}), encoding the answers into one batch. Nanoseconds and
 * bytes allocated per request ({@code -prof gc}): the user-space part of the pipelined and
 * keep-alive figures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
  private static final int PIPELINED = 16;
  private static final String REQUEST = "GET /echo/hello HTTP/1.1\r\nHost: 127.0.0.1:18481\r\n\r\n";
  private static final byte[] BATCH = REQUEST.repeat(PIPELINED).getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SINGLE = REQUEST.getBytes(StandardCharsets.US_ASCII);

  private final HttpHandler app = ProgramApp.application();

  // false: as the program runs (its clients' behaviour); true: the library's default
  @Param({"false", "true"})
  boolean date;

  // 1: one connection, its state always in cache; 64: wrk's 64 connections taken in turn, as the
  // event loop takes them, each engine's state and buffers to be fetched again
  @Param({"1", "64"})
  int connections;

  private Http1Engine[] engines;
  private int turn;

  @Setup
  public void setUp() {
    Http1Config config = ProgramApp.config(date);
    engines = new Http1Engine[connections];
    for (int i = 0; i < connections; i++) {
      engines[i] = new Http1Engine(config, ServerObserver.NONE, Clock.systemUTC(), null, 0);
    }
  }

  /** Sixteen requests a read and their answers in one write, as {@code wrk -s pipeline.lua}. */
  @Benchmark
  @OperationsPerInvocation(PIPELINED)
  public long pipelined() {
    return exchange(BATCH);
  }

  /** One request a read, one answer a write: keep-alive's shape, each read's costs all its own. */
  @Benchmark
  public long keepAlive() {
    return exchange(SINGLE);
  }

  private long exchange(byte[] batch) {
    Http1Engine engine = engines[turn];
    turn = turn + 1 == engines.length ? 0 : turn + 1;
    ByteBuffer in = engine.readBuffer();
    in.put(batch);
    engine.received(batch.length, 0);
    long bytes = 0;
    while (true) {
      switch (engine.next(0)) {
        case HANDLE -> engine.handle(app, 0);
        case WRITE -> {
          ByteBuffer out = engine.output();
          int n = out.remaining();
          out.position(out.limit());
          engine.wrote(n, 0);
          bytes += n;
        }
        case READ -> {
          return bytes;
        }
        default -> throw new IllegalStateException("the engine stopped");
      }
    }
  }
}

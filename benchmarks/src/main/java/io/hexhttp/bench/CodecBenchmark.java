package io.hexhttp.bench;

import io.hexhttp.core.Body;
import io.hexhttp.core.Compliance;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Version;
import io.hexhttp.core.codec.ParserLimits;
import io.hexhttp.core.codec.RequestParser;
import io.hexhttp.core.codec.ResponseEncoder;
import io.hexhttp.handlers.GzipFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The codec's hot paths, per request: parse a browser-like GET, encode a text response, gzip a 1
 * KiB echo. Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CodecBenchmark {
  private static final byte[] REQUEST =
      ("GET /echo/hello HTTP/1.1\r\nHost: localhost:4221\r\nUser-Agent: wrk/4.1.0\r\n"
              + "Accept: */*\r\nAccept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
  private static final OutputStream SINK = OutputStream.nullOutputStream();

  private final ResponseEncoder encoder = new ResponseEncoder();
  private final HttpResponse response = HttpResponse.text("hello");
  private final GzipFilter gzip = new GzipFilter();
  private final HttpRequest gzipRequest =
      HttpRequest.builder(Method.GET, "/echo/x").header("Accept-Encoding", "gzip").build();
  private final HttpResponse kib = HttpResponse.text("x".repeat(1024));

  // one parser given the request again and again: a keep-alive connection's steady state
  private final RequestParser parser = new RequestParser(ParserLimits.DEFAULT, Compliance.LENIENT);
  private final ByteBuffer input = ByteBuffer.wrap(REQUEST);

  @Benchmark
  public HttpRequest parse() {
    input.clear();
    if (parser.parse(input) != RequestParser.Result.HEAD) {
      throw new IllegalStateException("no head");
    }
    HttpRequest request = parser.request(Body.empty(), null);
    parser.parse(input); // END: the request has no body
    return request;
  }

  @Benchmark
  public boolean encode() throws IOException {
    return encoder.write(response, Method.GET, Version.HTTP_1_1, true, SINK);
  }

  @Benchmark
  public void gzip1KiB(Blackhole bh) throws IOException {
    Body coded = gzip.filter(gzipRequest, r -> kib).body();
    bh.consume(coded.length());
  }
}

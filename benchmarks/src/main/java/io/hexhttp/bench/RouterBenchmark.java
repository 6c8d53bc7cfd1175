package io.hexhttp.bench;

import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.routing.Router;
import io.hexhttp.handlers.GzipFilter;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The program's application ({@link ProgramApp}: routes behind the gzip filter) shared by two
 * threads, as the event loops of a two-core server share it: each thread asking for one busy path
 * again and again ({@code paths=1}), or for 64 different paths in turn ({@code paths=64}, what a
 * one-entry memo of the last match can only miss). Nanoseconds a request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class RouterBenchmark {
  /** The one application both threads call. */
  @State(Scope.Benchmark)
  public static class App {
    // program: the program's routes, whose text answers share one header set; own: an answer
    // that builds its own header set each time (a per-response field), behind the same filter
    @Param({"program", "own"})
    String answers;

    HttpHandler app;

    @Setup
    public void setUp() {
      app =
          answers.equals("program")
              ? ProgramApp.application()
              : new GzipFilter(0)
                  .wrap(
                      Router.builder()
                          .get(
                              "/echo/{text*}",
                              q ->
                                  HttpResponse.text(q.pathParam("text"))
                                      .withHeader("X-Request", q.path()))
                          .build());
    }
  }

  /** Each thread's requests. */
  @State(Scope.Thread)
  public static class Requests {
    @Param({"1", "64"})
    int paths;

    HttpRequest[] requests;
    int turn;

    @Setup
    public void setUp() {
      requests = new HttpRequest[paths];
      for (int i = 0; i < paths; i++) {
        requests[i] = HttpRequest.get("/echo/hello" + (paths == 1 ? "" : i));
      }
    }
  }

  @Benchmark
  public Object route(App app, Requests r) throws IOException {
    HttpRequest request = r.requests[r.turn];
    r.turn = r.turn + 1 == r.requests.length ? 0 : r.turn + 1;
    return app.app.handle(request);
  }
}

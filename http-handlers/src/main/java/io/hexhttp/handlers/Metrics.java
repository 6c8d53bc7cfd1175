package io.hexhttp.handlers;

import io.hexhttp.core.Body;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.ServerObserver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's metrics, counted without locks as the transport reports them, and rendered in the
 * Prometheus text exposition format (version 0.0.4) by {@link #handler()}.
 *
 * <p>Series, all prefixed {@code hexhttp_}: {@code requests_total{method,status}} (status by class:
 * {@code 2xx}...), {@code request_duration_seconds} (a histogram, from the request's head read to
 * its response written), {@code received_bytes_total}, {@code sent_bytes_total}, {@code
 * connections_accepted_total}, {@code connections_open}, {@code connections_refused_total} (over
 * the connection cap), {@code connections_timed_out_total}, {@code requests_rejected_total{status}}
 * (refused before a handler saw them: malformed, too large, too slow) and {@code
 * handler_exceptions_total} and {@code tls_handshake_failures_total}. Methods outside RFC 9110's
 * and PATCH count as {@code other}, so no client can make the series unbounded.
 */
public final class Metrics implements ServerObserver {
  private static final String[] METHODS = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE", "other"
  };
  private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  /** Upper bounds of the duration buckets, in seconds; the last bucket is +Inf. */
  private static final double[] BOUNDS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private static final long[] BOUND_NANOS = new long[BOUNDS.length];

  static {
    for (int i = 0; i < BOUNDS.length; i++) {
      BOUND_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
    }
  }

  private final LongAdder[] requests = adders(METHODS.length * CLASSES.length);
  private final LongAdder[] buckets = adders(BOUNDS.length + 1);
  private final LongAdder durationNanos = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder opened = new LongAdder();
  private final LongAdder closed = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder handlerExceptions = new LongAdder();
  private final LongAdder tlsFailures = new LongAdder();
  private final Map<Integer, LongAdder> rejected = new ConcurrentHashMap<>();

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  private static int methodIndex(Method method) {
    if (method == Method.GET) {
      return 0; // the parser hands out the interned constants: most requests stop here
    }
    return switch (method.name()) {
      case "GET" -> 0;
      case "HEAD" -> 1;
      case "POST" -> 2;
      case "PUT" -> 3;
      case "DELETE" -> 4;
      case "OPTIONS" -> 5;
      case "PATCH" -> 6;
      case "CONNECT" -> 7;
      case "TRACE" -> 8;
      default -> 9;
    };
  }

  @Override
  public void exchanged(HttpRequest request, Status status, long bodyBytes, long nanos) {
    Method method = request.method();
    int cls = Math.min(Math.max(status.code() / 100, 1), 5) - 1;
    requests[methodIndex(method) * CLASSES.length + cls].increment();
    int b = 0;
    while (b < BOUND_NANOS.length && nanos > BOUND_NANOS[b]) {
      b++;
    }
    buckets[b].increment();
    durationNanos.add(nanos);
  }

  @Override
  public void bytesRead(long count) {
    received.add(count);
  }

  @Override
  public void bytesWritten(long count) {
    sent.add(count);
  }

  @Override
  public void connectionOpened() {
    opened.increment();
  }

  @Override
  public void connectionClosed() {
    closed.increment();
  }

  @Override
  public void connectionRefused() {
    refused.increment();
  }

  @Override
  public void connectionTimedOut() {
    timedOut.increment();
  }

  @Override
  public void requestRejected(Status status) {
    rejected.computeIfAbsent(status.code(), c -> new LongAdder()).increment();
  }

  @Override
  public void handlerFailed() {
    handlerExceptions.increment();
  }

  @Override
  public void tlsHandshakeFailed() {
    tlsFailures.increment();
  }

  /**
   * The metrics page, for a route such as {@code GET /metrics}.
   *
   * @return a handler that answers 200 with {@link #render()}
   */
  public HttpHandler handler() {
    return request ->
        HttpResponse.of(Status.OK)
            .withHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .withHeader("Cache-Control", "no-store")
            .withBody(Body.of(render().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Every series, now, in the Prometheus text exposition format.
   *
   * @return the exposition, one line per sample, ending with a newline
   */
  public String render() {
    StringBuilder b = new StringBuilder(4096);
    head(b, "requests_total", "counter", "Requests answered, by method and status class.");
    for (int m = 0; m < METHODS.length; m++) {
      for (int c = 0; c < CLASSES.length; c++) {
        long n = requests[m * CLASSES.length + c].sum();
        if (n > 0) {
          b.append("hexhttp_requests_total{method=\"")
              .append(METHODS[m])
              .append("\",status=\"")
              .append(CLASSES[c])
              .append("\"} ")
              .append(n)
              .append('\n');
        }
      }
    }
    head(
        b,
        "request_duration_seconds",
        "histogram",
        "Time from a request's head being read to its response being written.");
    long cumulative = 0;
    for (int i = 0; i <= BOUNDS.length; i++) {
      cumulative += buckets[i].sum();
      b.append("hexhttp_request_duration_seconds_bucket{le=\"")
          .append(i < BOUNDS.length ? Double.toString(BOUNDS[i]) : "+Inf")
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    b.append("hexhttp_request_duration_seconds_sum ")
        .append(durationNanos.sum() / 1e9)
        .append('\n');
    b.append("hexhttp_request_duration_seconds_count ").append(cumulative).append('\n');
    counter(b, "received_bytes_total", "Bytes read from connections.", received.sum());
    counter(b, "sent_bytes_total", "Bytes written to connections.", sent.sum());
    long open = opened.sum();
    long refusedNow = refused.sum();
    counter(
        b,
        "connections_accepted_total",
        "Connections accepted, refused ones included.",
        open + refusedNow);
    head(b, "connections_open", "gauge", "Connections open now.");
    b.append("hexhttp_connections_open ").append(Math.max(0, open - closed.sum())).append('\n');
    counter(
        b,
        "connections_refused_total",
        "Connections refused with 503 at the connection cap.",
        refusedNow);
    counter(
        b,
        "connections_timed_out_total",
        "Connections cut off by a timeout (idle, slow head, stalled body).",
        timedOut.sum());
    head(
        b,
        "requests_rejected_total",
        "counter",
        "Requests refused before a handler saw them, by status.");
    for (Map.Entry<Integer, LongAdder> e : new TreeMap<>(rejected).entrySet()) {
      b.append("hexhttp_requests_rejected_total{status=\"")
          .append(e.getKey())
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    counter(
        b,
        "handler_exceptions_total",
        "Handlers that threw instead of answering.",
        handlerExceptions.sum());
    counter(
        b,
        "tls_handshake_failures_total",
        "TLS handshakes that failed or timed out, and plain HTTP sent to the TLS port.",
        tlsFailures.sum());
    return b.toString();
  }

  private static void head(StringBuilder b, String name, String type, String help) {
    b.append("# HELP hexhttp_").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE hexhttp_").append(name).append(' ').append(type).append('\n');
  }

  private static void counter(StringBuilder b, String name, String help, long value) {
    head(b, name, "counter", help);
    b.append("hexhttp_").append(name).append(' ').append(value).append('\n');
  }
}

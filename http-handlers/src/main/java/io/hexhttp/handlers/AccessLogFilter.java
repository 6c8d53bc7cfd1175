package io.hexhttp.handlers;

import io.hexhttp.core.Filter;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Json;
import io.hexhttp.core.Status;
import io.hexhttp.core.port.ServerObserver;
import java.io.IOException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes one line per request to a {@link System.Logger} (by default {@code io.hexhttp.access} at
 * INFO) or any line consumer: in the Common Log Format, {@code host ident authuser [date]
 * "request-line" status bytes}, or as one JSON object per line ({@link Format#JSON}, for log
 * shippers). Client-supplied text is escaped, so no raw client bytes reach the log.
 */
public final class AccessLogFilter implements Filter {
  /** How each line is written. */
  public enum Format {
    /** The Common Log Format, as Apache httpd and nginx write it. */
    COMMON,
    /**
     * One JSON object per line: {@code time} (ISO 8601, UTC), {@code remote}, {@code method},
     * {@code target}, {@code version}, {@code status}, {@code bytes} (null when unknown) and {@code
     * user_agent} (null when absent).
     */
    JSON
  }

  private static final DateTimeFormatter CLF_DATE =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

  private final Consumer<String> sink;
  private final Clock clock;
  private final Format format;

  /** Logs to {@code System.getLogger("io.hexhttp.access")} at INFO, in the Common Log Format. */
  public AccessLogFilter() {
    this(Format.COMMON);
  }

  /**
   * Logs to {@code System.getLogger("io.hexhttp.access")} at INFO.
   *
   * @param format how each line is written
   */
  public AccessLogFilter(Format format) {
    this(logger(System.getLogger("io.hexhttp.access")), Clock.systemDefaultZone(), format);
  }

  /**
   * Logs each line to {@code sink} in the Common Log Format, stamped by {@code clock}.
   *
   * @param sink where the lines go
   * @param clock the time stamped on each line
   */
  public AccessLogFilter(Consumer<String> sink, Clock clock) {
    this(sink, clock, Format.COMMON);
  }

  /**
   * Logs each line to {@code sink}, stamped by {@code clock}.
   *
   * @param sink where the lines go
   * @param clock the time stamped on each line
   * @param format how each line is written
   */
  public AccessLogFilter(Consumer<String> sink, Clock clock, Format format) {
    this.sink = Objects.requireNonNull(sink);
    this.clock = Objects.requireNonNull(clock);
    this.format = Objects.requireNonNull(format);
  }

  private static Consumer<String> logger(System.Logger log) {
    return line -> log.log(System.Logger.Level.INFO, line);
  }

  @Override
  public HttpResponse filter(HttpRequest request, HttpHandler next) throws IOException {
    HttpResponse response;
    try {
      response = next.handle(request);
    } catch (HttpException e) {
      sink.accept(line(request, e.status(), -1));
      throw e;
    } catch (IOException | RuntimeException e) {
      sink.accept(line(request, Status.INTERNAL_SERVER_ERROR, -1));
      throw e;
    }
    long bytes = request.method().name().equals("HEAD") ? 0 : response.body().length();
    sink.accept(line(request, response.status(), bytes));
    return response;
  }

  String line(HttpRequest request, Status status, long bytes) {
    return line(request, status, bytes, -1);
  }

  /** The line; {@code nanos} is the latency, or -1 when unknown (then the line has none). */
  String line(HttpRequest request, Status status, long bytes, long nanos) {
    return format == Format.JSON
        ? json(request, status, bytes, nanos)
        : common(request, status, bytes, nanos);
  }

  /**
   * The same log, fed by the transport instead of wrapping the handler: each line is written once
   * the response is, with the bytes of content actually written (after gzip) and the latency from
   * the request's head to the response's end. Pass it to {@code HttpServer.start} instead of
   * wrapping the application.
   *
   * <p>Common Log Format lines then end with the latency in seconds, as nginx's {@code
   * $request_time}; JSON lines gain {@code duration_ms}.
   *
   * @return an observer that logs every exchange
   */
  public ServerObserver observer() {
    return new ServerObserver() {
      @Override
      public void exchanged(HttpRequest request, Status status, long bodyBytes, long nanos) {
        sink.accept(line(request, status, bodyBytes, nanos));
      }
    };
  }

  private String json(HttpRequest request, Status status, long bytes, long nanos) {
    StringBuilder b = new StringBuilder(160);
    b.append("{\"time\":\"").append(clock.instant()).append("\",\"remote\":");
    Json.quote(b, request.peer().orElse(null));
    b.append(",\"method\":");
    Json.quote(b, request.method().name());
    b.append(",\"target\":");
    Json.quote(b, request.target());
    b.append(",\"version\":\"")
        .append(request.version())
        .append("\",\"status\":")
        .append(status.code())
        .append(",\"bytes\":")
        .append(bytes < 0 ? "null" : Long.toString(bytes))
        .append(",\"user_agent\":");
    Json.quote(b, request.headers().firstOrNull("User-Agent"));
    if (nanos >= 0) {
      b.append(",\"duration_ms\":").append(String.format(Locale.ROOT, "%.3f", nanos / 1e6));
    }
    return b.append('}').toString();
  }

  private String common(HttpRequest request, Status status, long bytes, long nanos) {
    StringBuilder b = new StringBuilder(128);
    b.append(request.peer().orElse("-"))
        .append(" - - [")
        .append(CLF_DATE.format(ZonedDateTime.now(clock)))
        .append("] \"")
        .append(request.method())
        .append(' ');
    appendEscaped(b, request.target());
    b.append(' ')
        .append(request.version())
        .append("\" ")
        .append(status.code())
        .append(' ')
        .append(bytes < 0 ? "-" : Long.toString(bytes));
    if (nanos >= 0) {
      b.append(' ').append(String.format(Locale.ROOT, "%.3f", nanos / 1e9));
    }
    return b.toString();
  }

  private static void appendEscaped(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
        b.append(String.format("\\x%02x", (int) c & 0xff));
      } else {
        b.append(c);
      }
    }
  }
}

package io.hexhttp.handlers;

import io.hexhttp.core.Filter;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpHandler;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Status;
import java.io.IOException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes one line per request in the Common Log Format, {@code host ident authuser [date]
 * "request-line" status bytes}, to a {@link System.Logger} (by default {@code io.hexhttp.access}
 * at INFO) or any line consumer. Request targets are escaped, so no raw client bytes reach the
 * log.
 */
public final class AccessLogFilter implements Filter {
  private static final DateTimeFormatter CLF_DATE =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

  private final Consumer<String> sink;
  private final Clock clock;

  /** Logs to {@code System.getLogger("io.hexhttp.access")} at INFO. */
  public AccessLogFilter() {
    this(logger(System.getLogger("io.hexhttp.access")), Clock.systemDefaultZone());
  }

  /** Logs each line to {@code sink}, stamped by {@code clock}. */
  public AccessLogFilter(Consumer<String> sink, Clock clock) {
    this.sink = Objects.requireNonNull(sink);
    this.clock = Objects.requireNonNull(clock);
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
    StringBuilder b = new StringBuilder(128);
    b.append(request.peer().orElse("-")).append(" - - [")
        .append(CLF_DATE.format(ZonedDateTime.now(clock))).append("] \"")
        .append(request.method()).append(' ');
    appendEscaped(b, request.target());
    b.append(' ').append(request.version()).append("\" ").append(status.code()).append(' ')
        .append(bytes < 0 ? "-" : Long.toString(bytes));
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

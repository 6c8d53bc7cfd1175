package io.hexhttp.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) part by part, streaming: each part's header
 * fields, then a stream of its bytes that never holds more than a small buffer, so a 1 GiB file
 * part can go to disk with the heap capped. Bounded by {@link Limits}: more parts → 413, a part's
 * header section too large → 431, the body larger than the total → 413, malformed → 400.
 *
 * <pre>{@code
 * try (Multipart form = Multipart.of(request)) {
 *   for (Optional<Multipart.Part> p; (p = form.next()).isPresent(); ) {
 *     Multipart.Part part = p.get();
 *     if (part.filename().isPresent()) {
 *       try (OutputStream out = Files.newOutputStream(dir.resolve("upload"))) {
 *         part.stream().transferTo(out);
 *       }
 *     } else {
 *       fields.put(part.name(), part.text(1024));
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe; a part's stream must be read (or left) before {@link #next()} is called
 * again, which skips whatever of it remains.
 */
public final class Multipart implements AutoCloseable {
  /**
   * The bounds on a multipart body.
   *
   * @param maxParts how many parts at most (413 beyond)
   * @param maxPartHeaderBytes how large one part's header section may be (431 beyond)
   * @param maxTotalBytes how large the whole body may be (413 beyond)
   */
  public record Limits(int maxParts, int maxPartHeaderBytes, long maxTotalBytes) {
    /** 1,000 parts, 8 KiB of headers each, 2 GiB in all. */
    public static final Limits DEFAULT = new Limits(1000, 8 * 1024, 2L << 30);
  }

  /** One part: its header fields and its content. */
  public final class Part {
    private final Headers headers;
    private final String name;
    private final String filename;

    private Part(Headers headers, String name, String filename) {
      this.headers = headers;
      this.name = name;
      this.filename = filename;
    }

    /**
     * The part's header fields.
     *
     * @return the fields
     */
    public Headers headers() {
      return headers;
    }

    /**
     * The form field's name ({@code Content-Disposition: form-data; name="..."}).
     *
     * @return the name
     */
    public String name() {
      return name;
    }

    /**
     * The file name, for a file field.
     *
     * @return the name the client gave, as sent (never use it as a path), or empty
     */
    public Optional<String> filename() {
      return Optional.ofNullable(filename);
    }

    /**
     * The part's media type.
     *
     * @return its {@code Content-Type}, {@code text/plain} by default (RFC 7578 §4.4)
     */
    public String contentType() {
      String t = headers.firstOrNull("Content-Type");
      return t == null ? "text/plain" : t;
    }

    /**
     * The part's content, streamed from the request body.
     *
     * @return a stream that ends where the part ends; closing it is not needed
     */
    public InputStream stream() {
      return content;
    }

    /**
     * The content of a small part as UTF-8 text.
     *
     * @param maxBytes the most it may hold
     * @return the text
     * @throws HttpException 413 when the part is larger
     * @throws IOException if the body cannot be read
     */
    public String text(int maxBytes) throws IOException {
      byte[] b = content.readNBytes(maxBytes + 1);
      if (b.length > maxBytes) {
        throw new HttpException(
            Status.CONTENT_TOO_LARGE,
            "the field " + name + " is larger than " + maxBytes + " bytes");
      }
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  private static final int BUFFER = 64 * 1024;

  private final InputStream in;
  private final Limits limits;
  private final byte[] delimiter; // CRLF "--" boundary
  private final byte[] buf;
  private int pos;
  private int lim;
  private boolean eof;
  private long total;
  private int parts;
  private boolean finished;
  private final InputStream content = new PartStream();

  private Multipart(InputStream in, String boundary, Limits limits) {
    this.in = in;
    this.limits = limits;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.buf = new byte[Math.max(BUFFER, delimiter.length * 4)];
    // the body's first boundary has no CRLF before it: lend it one, so every delimiter looks alike
    buf[0] = '\r';
    buf[1] = '\n';
    lim = 2;
  }

  /**
   * A reader for a request's {@code multipart/form-data} body, with the default limits.
   *
   * @param request the request, its body unread
   * @return the reader
   * @throws HttpException 415 when the body is not multipart/form-data, 400 without a boundary
   * @throws IOException if the body cannot be opened
   */
  public static Multipart of(HttpRequest request) throws IOException {
    return of(request, Limits.DEFAULT);
  }

  /**
   * A reader for a request's {@code multipart/form-data} body.
   *
   * @param request the request, its body unread
   * @param limits the bounds
   * @return the reader
   * @throws HttpException 415 when the body is not multipart/form-data, 400 without a boundary, 413
   *     when its declared length is over the total
   * @throws IOException if the body cannot be opened
   */
  public static Multipart of(HttpRequest request, Limits limits) throws IOException {
    Objects.requireNonNull(limits);
    String type = request.header("Content-Type");
    if (type == null || !type.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new HttpException(Status.UNSUPPORTED_MEDIA_TYPE, "expected multipart/form-data");
    }
    String boundary = parameter(type, "boundary");
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw HttpException.badRequest("multipart/form-data needs a boundary of 1 to 70 characters");
    }
    if (request.body().length() > limits.maxTotalBytes()) {
      throw new HttpException(
          Status.CONTENT_TOO_LARGE, "the form is larger than " + limits.maxTotalBytes() + " bytes");
    }
    return new Multipart(request.body().stream(), boundary, limits);
  }

  /**
   * The next part, after skipping what is left of the current one.
   *
   * @return the part, or empty after the last one
   * @throws HttpException 400 when the body is malformed, 413 or 431 past a limit
   * @throws IOException if the body cannot be read
   */
  public Optional<Part> next() throws IOException {
    if (finished) {
      return Optional.empty();
    }
    // skip the rest of the current part (or, at the start, the preamble)
    while (content.skip(Long.MAX_VALUE) > 0) {
      // skipping
    }
    // pos is at a delimiter: after it, "--" ends the body, else whitespace and CRLF start a part
    consume(delimiter.length);
    if (!ensure(2)) {
      throw HttpException.badRequest("a multipart body ends after a boundary");
    }
    if (buf[pos] == '-' && buf[pos + 1] == '-') {
      finished = true;
      return Optional.empty();
    }
    while (ensure(1) && (buf[pos] == ' ' || buf[pos] == '\t')) {
      consume(1);
    }
    if (!ensure(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
      throw HttpException.badRequest("a multipart boundary line does not end with CRLF");
    }
    consume(2);
    if (++parts > limits.maxParts()) {
      throw new HttpException(
          Status.CONTENT_TOO_LARGE, "more than " + limits.maxParts() + " parts");
    }
    Headers headers = readHeaders();
    String disposition = headers.firstOrNull("Content-Disposition");
    if (disposition == null
        || !disposition.strip().toLowerCase(Locale.ROOT).startsWith("form-data")) {
      throw HttpException.badRequest("a part has no Content-Disposition: form-data");
    }
    String name = parameter(disposition, "name");
    if (name == null) {
      throw HttpException.badRequest("a part has no name");
    }
    return Optional.of(new Part(headers, name, parameter(disposition, "filename")));
  }

  private Headers readHeaders() throws IOException {
    Headers.Builder b = Headers.builder();
    int budget = limits.maxPartHeaderBytes();
    while (true) {
      int end = -1;
      while (true) {
        for (int i = pos; i + 1 < lim; i++) {
          if (buf[i] == '\r' && buf[i + 1] == '\n') {
            end = i;
            break;
          }
        }
        if (end >= 0) {
          break;
        }
        if (lim - pos > budget) {
          throw new HttpException(
              Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "a part's header section is too large");
        }
        if (!fill()) {
          throw HttpException.badRequest("a multipart body ends within a part's header section");
        }
      }
      int length = end - pos;
      budget -= length + 2;
      if (budget < 0) {
        throw new HttpException(
            Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "a part's header section is too large");
      }
      if (length == 0) {
        consume(2);
        return b.build();
      }
      String line = new String(buf, pos, length, StandardCharsets.UTF_8);
      consume(length + 2);
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw HttpException.badRequest("a part's header line has no name");
      }
      try {
        b.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      } catch (IllegalArgumentException e) {
        throw HttpException.badRequest("a part's header field is malformed");
      }
    }
  }

  /** A parameter of a header field value ({@code name="x"} or {@code name=x}), or null. */
  static String parameter(String value, String name) {
    int i = value.indexOf(';');
    while (i >= 0 && i < value.length()) {
      int start = i + 1;
      int eq = value.indexOf('=', start);
      if (eq < 0) {
        return null;
      }
      String key = value.substring(start, eq).strip();
      int vs = eq + 1;
      while (vs < value.length() && value.charAt(vs) == ' ') {
        vs++;
      }
      String v;
      int next;
      if (vs < value.length() && value.charAt(vs) == '"') {
        StringBuilder sb = new StringBuilder();
        int k = vs + 1;
        for (; k < value.length() && value.charAt(k) != '"'; k++) {
          char c = value.charAt(k);
          if (c == '\\' && k + 1 < value.length()) {
            c = value.charAt(++k);
          }
          sb.append(c);
        }
        v = sb.toString();
        next = value.indexOf(';', k);
      } else {
        next = value.indexOf(';', vs);
        v = (next < 0 ? value.substring(vs) : value.substring(vs, next)).strip();
      }
      if (key.equalsIgnoreCase(name)) {
        return v;
      }
      i = next;
    }
    return null;
  }

  private void consume(int n) {
    pos += n;
  }

  /** Makes at least {@code n} bytes available from pos; false at the end of the body. */
  private boolean ensure(int n) throws IOException {
    while (lim - pos < n) {
      if (!fill()) {
        return false;
      }
    }
    return true;
  }

  /** Reads more into the buffer, moving what is left to its start; false at the end. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    if (lim == buf.length) {
      return false; // full: the caller decides (never happens while looking for a delimiter)
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n < 0) {
      eof = true;
      return false;
    }
    total += n;
    if (total > limits.maxTotalBytes()) {
      throw new HttpException(
          Status.CONTENT_TOO_LARGE, "the form is larger than " + limits.maxTotalBytes() + " bytes");
    }
    lim += n;
    return true;
  }

  /** Where the delimiter starts in [pos, lim), or -1. */
  private int delimiterAt() {
    byte first = delimiter[0];
    outer:
    for (int i = pos; i <= lim - delimiter.length; i++) {
      if (buf[i] != first) {
        continue;
      }
      for (int k = 1; k < delimiter.length; k++) {
        if (buf[i + k] != delimiter[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The current part's bytes: up to the next delimiter, which it leaves unread. */
  private final class PartStream extends InputStream {
    /** How many bytes from pos are part content and available now; 0 at the delimiter. */
    private int contentAhead() throws IOException {
      while (true) {
        int at = delimiterAt();
        if (at >= 0) {
          return at - pos;
        }
        // no delimiter in the buffer: all but a tail that could start one is content
        int safe = lim - pos - (delimiter.length - 1);
        if (safe > 0) {
          return safe;
        }
        if (!fill()) {
          throw HttpException.badRequest("a multipart body ends before its closing boundary");
        }
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = Math.min(len, contentAhead());
      if (n == 0) {
        return -1;
      }
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = 0;
      while (skipped < n) {
        int a = contentAhead();
        if (a == 0) {
          break;
        }
        int k = (int) Math.min(a, n - skipped);
        pos += k;
        skipped += k;
      }
      return skipped;
    }
  }

  /**
   * Closes the request body's stream.
   *
   * @throws IOException if reading or writing fails
   */
  @Override
  public void close() throws IOException {
    in.close();
  }
}

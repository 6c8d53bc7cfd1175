package io.hexhttp.core.codec;

import io.hexhttp.core.Body;
import io.hexhttp.core.Compliance;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import io.hexhttp.core.Version;
import io.hexhttp.core.internal.Ascii;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads HTTP/1.1 requests (RFC 9112) from a byte stream, one after another, as a persistent
 * connection carries them.
 *
 * <p>The parser pulls bytes from the stream it is given, in whatever pieces the stream yields
 * them, and holds them in a buffer that grows only as far as the {@link ParserLimits} allow. It
 * validates the whole head before it returns a request, so an invalid request is refused before
 * its body is waited for. Every refusal is an {@link HttpException} carrying the status to answer
 * with; the stream's own {@link IOException}s pass through.
 *
 * <p>A request's body streams from the same buffer: it must be read or {@linkplain
 * #discardBody(long) discarded} before {@link #next()} is called again. Not thread-safe: one
 * parser serves one connection.
 */
public final class RequestParser {
  private static final int INITIAL_BUFFER = 2048;
  private static final byte[] NO_BYTES = new byte[0];

  private final InputStream in;
  private final ParserLimits limits;
  private final Compliance compliance;

  private byte[] buf = new byte[INITIAL_BUFFER];
  private int pos;
  private int lim;
  // the line found by readLine: [lineStart, lineEnd), terminator excluded
  private int lineStart;
  private int lineEnd;
  private BodyStream body;
  private String peer; // the client's address, stamped on every request
  // where the head being parsed starts, kept in the buffer so that parsing can start over; or -1
  private int markPos = -1;

  /**
   * A parser over {@code in}, with these limits and this compliance mode.
   *
   * @param in the stream to read
   * @param limits the limits
   * @param compliance how strictly requests are held to RFC 9112
   */
  public RequestParser(InputStream in, ParserLimits limits, Compliance compliance) {
    this.in = Objects.requireNonNull(in);
    this.limits = Objects.requireNonNull(limits);
    this.compliance = Objects.requireNonNull(compliance);
  }

  /**
   * A lenient parser with the default limits.
   *
   * @param in the stream to read
   */
  public RequestParser(InputStream in) {
    this(in, ParserLimits.DEFAULT, Compliance.LENIENT);
  }

  /**
   * Blocks until at least one byte is buffered. Returns false at the end of the stream. The
   * connection uses it to wait for the next request under the idle timeout, before it starts the
   * clock for the head.
   *
   * @return false at the end of the stream
   * @throws IOException if reading or writing fails
   */
  public boolean awaitInput() throws IOException {
    if (pos < lim) {
      return true;
    }
    return fill() > 0;
  }

  /**
   * Stamps {@code address} as the peer of every request this parser reads.
   *
   * @param address the client's address
   */
  public void peer(String address) {
    this.peer = address;
  }

  /**
   * Lets go of the buffer while no bytes are buffered, so that an idle connection holds no
   * buffer; the next read allocates one again. For servers that keep many idle connections.
   */
  public void releaseBuffer() {
    if (pos == lim && markPos < 0 && (body == null || body.finished())) {
      buf = NO_BYTES;
      pos = 0;
      lim = 0;
    }
  }

  /**
   * Whether bytes of a further request are already buffered (pipelining).
   *
   * @return whether bytes of a further request are already buffered (pipelining)
   */
  public boolean hasBufferedInput() {
    return pos < lim;
  }

  /**
   * Reads the next request's head and returns the request, its body streaming behind it. Returns
   * null when the stream ends cleanly before a request starts.
   *
   * @throws HttpException when the request is malformed or exceeds a limit
   * @throws IllegalStateException when the previous request's body was not consumed
   * @return the request, or null when the stream ends before one starts
   * @throws IOException if reading or writing fails
   */
  public HttpRequest next() throws IOException {
    if (body != null && !body.finished()) {
      throw new IllegalStateException("the previous request's body has not been consumed");
    }
    body = null;
    markPos = pos;
    try {
      if (!readLine(limits.maxRequestLineLength(), Status.URI_TOO_LONG, "request line")) {
        return null;
      }
      if (lineEnd == lineStart) {
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line
        if (!readLine(limits.maxRequestLineLength(), Status.URI_TOO_LONG, "request line")) {
          return null;
        }
      }
      return parseHead();
    } catch (WouldBlockException e) {
      // a non-blocking source ran dry within the head: rewind, and parse it whole next time
      pos = markPos;
      body = null;
      throw e;
    } finally {
      markPos = -1;
    }
  }

  private HttpRequest parseHead() throws IOException {
    final byte[] b = buf;
    int s = lineStart;
    int e = lineEnd;

    int i = s;
    while (i < e && Ascii.isTchar(b[i])) {
      i++;
    }
    if (i == s) {
      throw HttpException.badRequest("the request line does not start with a method");
    }
    if (i == e || b[i] != ' ') {
      throw HttpException.badRequest("the method is not followed by a single space");
    }
    Method method = KnownNames.method(b, s, i);
    int ts = ++i;
    while (i < e && b[i] > 0x20 && b[i] < 0x7f) {
      i++;
    }
    if (i == ts) {
      throw HttpException.badRequest("the request target is missing");
    }
    if (i == e || b[i] != ' ') {
      throw HttpException.badRequest("the request target has a space, control or non-ASCII byte");
    }
    String target = new String(b, ts, i - ts, StandardCharsets.ISO_8859_1);
    Version version = parseVersion(b, i + 1, e);

    Headers.Builder fields = Headers.builder();
    int count = 0;
    int budget = limits.maxHeaderBytes();
    while (true) {
      if (!readLine(budget, Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "header section")) {
        throw HttpException.badRequest("the connection closed within the header section");
      }
      int ls = lineStart;
      int le = lineEnd;
      if (ls == le) {
        break;
      }
      budget -= le - ls + 2;
      if (count == limits.maxHeaderCount()) {
        throw new HttpException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "too many header fields");
      }
      parseField(buf, ls, le, fields);
      count++;
    }
    Headers headers = fields.build();
    return finishHead(method, target, version, headers);
  }

  private static Version parseVersion(byte[] b, int s, int e) {
    if (e - s >= 5
        && b[s] == 'H'
        && b[s + 1] == 'T'
        && b[s + 2] == 'T'
        && b[s + 3] == 'P'
        && b[s + 4] == '/'
        && e - s == 8
        && isDigit(b[s + 5])
        && b[s + 6] == '.'
        && isDigit(b[s + 7])) {
      if (b[s + 5] != '1') {
        throw new HttpException(
            Status.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.x is supported");
      }
      return b[s + 7] == '0' ? Version.HTTP_1_0 : Version.HTTP_1_1;
    }
    throw HttpException.badRequest("the request line does not end with a valid HTTP version");
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static void parseField(byte[] b, int s, int e, Headers.Builder fields) {
    if (b[s] == ' ' || b[s] == '\t') {
      throw HttpException.badRequest("obs-fold or whitespace before a field line");
    }
    int i = s;
    while (i < e && Ascii.isTchar(b[i])) {
      i++;
    }
    if (i == e || b[i] != ':') {
      throw HttpException.badRequest(
          i == e ? "a field line has no colon" : "a field name is not a token");
    }
    if (i == s) {
      throw HttpException.badRequest("a field name is empty");
    }
    String name = KnownNames.fieldName(b, s, i);
    int vs = i + 1;
    while (vs < e && (b[vs] == ' ' || b[vs] == '\t')) {
      vs++;
    }
    int ve = e;
    while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
      ve--;
    }
    for (int k = vs; k < ve; k++) {
      if (!Ascii.isFieldValueByte(b[k])) {
        throw HttpException.badRequest("a field value has a control character");
      }
    }
    fields.add(name, ve == vs ? "" : new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1));
  }

  private HttpRequest finishHead(Method method, String target, Version version, Headers headers) {
    String path;
    String query = null;
    char first = target.charAt(0);
    if (first == '/') {
      if (target.indexOf('#') >= 0) {
        throw HttpException.badRequest("a request target must not have a fragment");
      }
      int q = target.indexOf('?');
      path = q < 0 ? target : target.substring(0, q);
      query = q < 0 ? null : target.substring(q + 1);
    } else if (target.equals("*")) {
      if (!method.equals(Method.OPTIONS)) {
        throw HttpException.badRequest("the asterisk target is only for OPTIONS");
      }
      path = "*";
    } else if (method.equals(Method.CONNECT)) {
      if (!Hosts.isValidAuthority(target)) {
        throw HttpException.badRequest("CONNECT needs a host:port target");
      }
      path = target;
    } else {
      String[] parts = Hosts.splitAbsoluteForm(target);
      if (parts == null) {
        throw HttpException.badRequest("the request target is in no valid form");
      }
      path = parts[0];
      query = parts[1];
    }

    checkHost(version, headers);
    Body content = framing(version, headers);
    return HttpRequest.of(method, target, path, query, version, headers, content, peer);
  }

  private void checkHost(Version version, Headers headers) {
    int hosts = headers.count("Host");
    if (hosts > 1) {
      throw HttpException.badRequest("more than one Host field");
    }
    if (hosts == 0) {
      if (version == Version.HTTP_1_1 && compliance == Compliance.STRICT) {
        throw HttpException.badRequest("an HTTP/1.1 request must have a Host field");
      }
      return;
    }
    String host = headers.firstOrNull("Host");
    if (!host.isEmpty() && !Hosts.isValidAuthority(host)) {
      throw HttpException.badRequest("the Host field is not a valid host[:port]");
    }
  }

  private Body framing(Version version, Headers headers) {
    boolean hasTe = headers.contains("Transfer-Encoding");
    boolean hasCl = headers.contains("Content-Length");
    if (hasTe) {
      if (version == Version.HTTP_1_0) {
        throw HttpException.badRequest("Transfer-Encoding is not allowed in HTTP/1.0");
      }
      if (hasCl) {
        throw HttpException.badRequest("Content-Length and Transfer-Encoding together");
      }
      List<String> codings = headers.elements("Transfer-Encoding");
      if (codings.isEmpty()) {
        throw HttpException.badRequest("Transfer-Encoding is empty");
      }
      for (String coding : codings) {
        String name = coding;
        int semi = coding.indexOf(';');
        if (semi >= 0) {
          name = coding.substring(0, semi).strip();
        }
        if (!Ascii.isToken(name)) {
          throw HttpException.badRequest("a transfer coding is not a token");
        }
        if (!KnownNames.isTransferCoding(name)) {
          throw new HttpException(Status.NOT_IMPLEMENTED, "unknown transfer coding");
        }
      }
      String last = codings.get(codings.size() - 1);
      if (!Ascii.equalsIgnoreCase(last, "chunked")) {
        throw HttpException.badRequest("the final transfer coding is not chunked");
      }
      if (codings.size() > 1) {
        throw new HttpException(
            Status.NOT_IMPLEMENTED, "transfer codings other than chunked are not supported");
      }
      body = new ChunkedStream();
      return Body.ofStream(body, -1);
    }
    if (hasCl) {
      long length = -1;
      for (String v : headers.elements("Content-Length")) {
        long n = parseLength(v);
        if (length >= 0 && n != length) {
          throw HttpException.badRequest("differing Content-Length values");
        }
        length = n;
      }
      if (length < 0) {
        throw HttpException.badRequest("Content-Length is empty");
      }
      if (length > limits.maxBodySize()) {
        throw new HttpException(Status.CONTENT_TOO_LARGE, "the declared content is too large");
      }
      if (length == 0) {
        return Body.empty();
      }
      body = new FixedStream(length);
      return Body.ofStream(body, length);
    }
    return Body.empty();
  }

  private static long parseLength(String v) {
    if (v.isEmpty() || v.length() > 18) {
      throw HttpException.badRequest("Content-Length is not a valid length");
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        throw HttpException.badRequest("Content-Length is not a valid length");
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /**
   * Reads and drops what is left of the current request's body, up to {@code max} bytes. Returns
   * true when the body is now consumed (or there was none), false when more than {@code max}
   * bytes remained: the connection cannot then be reused.
   *
   * @param max the maximum
   * @return whether the body ended within the bound
   * @throws IOException if reading or writing fails
   */
  public boolean discardBody(long max) throws IOException {
    BodyStream b = body;
    if (b == null || b.finished()) {
      return true;
    }
    long left = max;
    byte[] sink = new byte[(int) Math.min(8192, Math.max(1, max))];
    while (!b.finished()) {
      if (left <= 0) {
        return false;
      }
      int n = b.read(sink, 0, (int) Math.min(sink.length, left));
      if (n < 0) {
        break;
      }
      left -= n;
    }
    return true;
  }

  /**
   * Whether the current request's body has been read to its end (or there is none).
   *
   * @return whether the current request's body has been read to its end (or there is none)
   */
  public boolean bodyConsumed() {
    return body == null || body.finished();
  }

  // ---------------------------------------------------------------------------------------------
  // buffer management

  /**
   * Finds the next line, at most {@code max} bytes without its terminator, and sets lineStart and
   * lineEnd. Returns false if the stream ends before the line's first byte.
   */
  private boolean readLine(int max, Status tooLong, String what) throws IOException {
    int scanned = 0; // bytes from pos already searched for LF
    while (true) {
      byte[] b = buf;
      int from = pos + scanned;
      for (int i = from; i < lim; i++) {
        if (b[i] == '\n') {
          int end = i;
          if (end > pos && b[end - 1] == '\r') {
            end--;
          } else if (compliance == Compliance.STRICT) {
            throw HttpException.badRequest("a line of the " + what + " ends in a bare LF");
          }
          if (end - pos > max) {
            throw new HttpException(tooLong, "the " + what + " is too long");
          }
          lineStart = pos;
          lineEnd = end;
          pos = i + 1;
          return true;
        }
      }
      scanned = lim - pos;
      if (scanned > max + 1) {
        throw new HttpException(tooLong, "the " + what + " is too long");
      }
      int n = fill(max + 2);
      if (n < 0) {
        if (lim == pos) {
          return false;
        }
        throw HttpException.badRequest("the connection closed within the " + what);
      }
    }
  }

  /**
   * Reads more bytes into the buffer, compacting or growing it so that a line of up to {@code
   * capacityWanted} bytes can fit. Returns the number read, or -1 at the end of the stream.
   */
  private int fill(int capacityWanted) throws IOException {
    int keep = markPos >= 0 ? markPos : pos; // bytes before this are done with
    if (keep == lim) {
      pos = 0;
      lim = 0;
      if (markPos >= 0) {
        markPos = 0;
      }
      keep = 0;
    }
    if (lim == buf.length) {
      if (keep > 0) {
        System.arraycopy(buf, keep, buf, 0, lim - keep);
        lim -= keep;
        pos -= keep;
        if (markPos >= 0) {
          markPos -= keep;
        }
      } else {
        long wanted = (long) (pos - keep) + capacityWanted;
        int size = (int) Math.min(Math.max((long) buf.length * 2, INITIAL_BUFFER), wanted);
        if (size <= buf.length) {
          size = buf.length + 1; // the line limit check answers before this grows further
        }
        buf = Arrays.copyOf(buf, size);
      }
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n > 0) {
      lim += n;
    }
    return n == 0 ? fillBlocking() : n;
  }

  private int fill() throws IOException {
    return fill(INITIAL_BUFFER);
  }

  // InputStream.read may return 0 only for a zero-length request; guard against odd sources
  private int fillBlocking() throws IOException {
    int c = in.read();
    if (c < 0) {
      return -1;
    }
    if (lim == buf.length) {
      buf = Arrays.copyOf(buf, buf.length + 1);
    }
    buf[lim++] = (byte) c;
    return 1;
  }

  /** Copies up to len buffered or fresh bytes into dst; -1 at the end of the stream. */
  private int readRaw(byte[] dst, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == lim) {
      if (len >= buf.length) {
        return in.read(dst, off, len); // large reads bypass the buffer
      }
      if (fill() < 0) {
        return -1;
      }
    }
    int n = Math.min(len, lim - pos);
    System.arraycopy(buf, pos, dst, off, n);
    pos += n;
    return n;
  }

  private int readRawByte() throws IOException {
    if (pos == lim && fill() < 0) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  // ---------------------------------------------------------------------------------------------
  // bodies

  private abstract static class BodyStream extends InputStream {
    abstract boolean finished();

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() {
      // the connection owns the stream; the parser discards what is left
    }
  }

  /** Content delimited by Content-Length. */
  private final class FixedStream extends BodyStream {
    private long remaining;

    FixedStream(long length) {
      this.remaining = length;
    }

    @Override
    boolean finished() {
      return remaining == 0;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, dst.length);
      if (remaining == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = readRaw(dst, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException(
            "the connection closed with " + remaining + " bytes of content missing");
      }
      remaining -= n;
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(remaining, lim - pos);
    }
  }

  /** Content in the chunked transfer coding (RFC 9112 §7.1). */
  private final class ChunkedStream extends BodyStream {
    private long chunkLeft; // data bytes left in the current chunk
    private long total;
    private boolean done;

    @Override
    boolean finished() {
      return done;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, dst.length);
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (chunkLeft == 0) {
        chunkLeft = readChunkSize();
        if (chunkLeft == 0) {
          readTrailers();
          done = true;
          return -1;
        }
      }
      int n = readRaw(dst, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("the connection closed within a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0) {
        expectCrlf();
      }
      return n;
    }

    private long readChunkSize() throws IOException {
      if (!readLine(limits.maxChunkLineLength(), Status.BAD_REQUEST, "chunk-size line")) {
        throw new EOFException("the connection closed before a chunk-size line");
      }
      byte[] b = buf;
      int s = lineStart;
      int e = lineEnd;
      int i = s;
      long size = 0;
      while (i < e && hexValue(b[i]) >= 0) {
        if (i - s == 15) {
          throw HttpException.badRequest("a chunk size is too large");
        }
        size = size << 4 | hexValue(b[i]);
        i++;
      }
      if (i == s) {
        throw HttpException.badRequest("a chunk-size line does not start with a hex size");
      }
      checkExtensions(b, i, e);
      total += size;
      if (total > limits.maxBodySize()) {
        throw new HttpException(Status.CONTENT_TOO_LARGE, "the chunked content is too large");
      }
      return size;
    }

    private void expectCrlf() throws IOException {
      int c = readRawByte();
      if (c == '\r') {
        c = readRawByte();
      } else if (compliance == Compliance.STRICT) {
        throw HttpException.badRequest("chunk data is not followed by CRLF");
      }
      if (c != '\n') {
        if (c < 0) {
          throw new EOFException("the connection closed after chunk data");
        }
        throw HttpException.badRequest("chunk data is not followed by CRLF");
      }
    }

    private void readTrailers() throws IOException {
      int budget = limits.maxHeaderBytes();
      while (true) {
        if (!readLine(budget, Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "trailer section")) {
          throw new EOFException("the connection closed within the trailer section");
        }
        if (lineStart == lineEnd) {
          return;
        }
        budget -= lineEnd - lineStart + 2;
        parseField(buf, lineStart, lineEnd, Headers.builder()); // validated, then dropped
      }
    }
  }

  private static int hexValue(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * chunk-ext = *( ";" ext-name [ "=" ext-value ] ), ext-value = token / quoted-string. Extensions
   * are checked and ignored. No whitespace is accepted around them.
   */
  private static void checkExtensions(byte[] b, int i, int e) {
    while (i < e) {
      if (b[i] != ';') {
        throw HttpException.badRequest("a chunk size is followed by something other than ;");
      }
      i++;
      int ns = i;
      while (i < e && Ascii.isTchar(b[i])) {
        i++;
      }
      if (i == ns) {
        throw HttpException.badRequest("a chunk extension has no name");
      }
      if (i < e && b[i] == '=') {
        i++;
        if (i < e && b[i] == '"') {
          i++;
          while (true) {
            if (i >= e) {
              throw HttpException.badRequest("a chunk extension's quoted value is not closed");
            }
            byte c = b[i];
            if (c == '"') {
              i++;
              break;
            }
            if (c == '\\') {
              i++;
              if (i >= e || !isQuotedPairByte(b[i])) {
                throw HttpException.badRequest("a chunk extension has an invalid escape");
              }
            } else if (!isQdtext(c)) {
              throw HttpException.badRequest("a chunk extension has an invalid character");
            }
            i++;
          }
        } else {
          int vs = i;
          while (i < e && Ascii.isTchar(b[i])) {
            i++;
          }
          if (i == vs) {
            throw HttpException.badRequest("a chunk extension has an empty value");
          }
        }
      }
    }
  }

  private static boolean isQdtext(byte c) {
    int v = c & 0xff;
    return v == '\t' || v == ' ' || v == 0x21 || (v >= 0x23 && v <= 0x5b) || (v >= 0x5d && v != 0x7f);
  }

  private static boolean isQuotedPairByte(byte c) {
    int v = c & 0xff;
    return v == '\t' || (v >= 0x20 && v != 0x7f);
  }
}

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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A push parser for HTTP/1.1 requests (RFC 9112): it is given bytes as they arrive, in any pieces,
 * and resumes where the previous piece ended. It never asks for bytes and never reads one twice:
 * what it has accepted it keeps as state (the request line and fields parsed so far, the unfinished
 * line, the body's framing), so the work is linear in the bytes however they are split, and it
 * holds at most one unfinished line, bounded by the {@link ParserLimits}.
 *
 * <p>{@link #parse(ByteBuffer)} consumes from the buffer's position and says what it found:
 *
 * <ul>
 *   <li>{@link Result#NEED_DATA} — every byte given was consumed; call again with more.
 *   <li>{@link Result#HEAD} — a request head is complete; {@link #request(Body, String)} builds the
 *       request and {@link #bodyLength()} says how its content is framed.
 *   <li>{@link Result#CONTENT} — {@link #contentReady(ByteBuffer)} bytes of content start at the
 *       buffer's position. They are left in place (no copy); the caller takes any number of them by
 *       advancing the position and calling {@link #contentTaken(int)}.
 *   <li>{@link Result#END} — the message is complete (its chunked trailer too); the next call
 *       starts a new request.
 * </ul>
 *
 * A malformed request, or one over a limit, is refused with an {@link HttpException} carrying the
 * status to answer with; after one, the parser is not to be used again. Not thread-safe: one parser
 * serves one connection.
 */
public final class RequestParser {
  /** What {@link #parse} found. */
  public enum Result {
    /** All bytes given were consumed; more are needed. */
    NEED_DATA,
    /** A request head is complete. */
    HEAD,
    /** Content bytes start at the buffer's position. */
    CONTENT,
    /** The current message is complete. */
    END
  }

  private enum State {
    REQUEST_LINE,
    FIELDS,
    FIXED,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_CR,
    CHUNK_LF,
    TRAILERS,
    DONE
  }

  private static final byte[] NO_BYTES = new byte[0];

  private final ParserLimits limits;
  private final Compliance compliance;

  private State state = State.REQUEST_LINE;
  // an unfinished line, kept across calls: the bytes seen so far, without the LF
  private byte[] partial = NO_BYTES;
  private int partialLength;
  private boolean partialActive;
  // the line found by nextLine: in lineBytes, [lineStart, lineEnd), terminator excluded
  private byte[] lineBytes;
  private int lineStart;
  private int lineEnd;
  private boolean emptyLineSeen; // one empty line before the request line is allowed
  private boolean started; // some byte of the current message has arrived

  // the head parsed so far
  private Method method;
  private String target;
  private int targetQuery; // where in the target its first '?' is, or -1
  private int targetFragment; // where its first '#' is, or -1
  private Version version;
  private Headers.Builder fields;
  private int fieldCount;
  // the fields the parser itself needs, noted as they are parsed so the head is not searched again
  private int hostLines;
  private String host;
  private boolean contentLength;
  private boolean transferEncoding;
  private boolean connection;
  private boolean expect;
  private int budget;
  private Headers headers;
  private String path;
  private String query;
  private long bodyLength; // -1: chunked

  // the previous head's field lines by position: a keep-alive client repeats its fields byte for
  // byte, and a line the same as before is taken whole (one comparison), its name and value as
  // they were parsed then, neither scanned, checked nor copied into new Strings again
  private static final int REMEMBERED = 16;
  private static final int REMEMBERED_LINE_BYTES = 1024; // 16 KiB a busy connection at most
  private String[] lastNames; // null until a head is parsed, and while idle
  private String[] lastValues;
  private byte[][] lastFieldLines; // each without its CRLF
  private String validHost; // the last Host value found valid
  // the previous request line, whose method, target, path, query and version still stand: a
  // keep-alive client asking for the same thing again is not parsed again
  private static final int REMEMBERED_LINE = 256;
  private byte[] lastLine;
  private int lastLineLength = -1; // -1: none
  private int lineToRemember = -1; // the length of the line copied to lastLine, not yet valid
  private boolean sameLine; // this head's request line was taken as the last one's
  private int lastFieldCount; // how many field lines the last head had
  // the last head's header section, when each of its lines is remembered: a head that repeats
  // every one of them, and no more, has that section again (immutable), built once
  private Headers lastHeaders;
  private boolean allRemembered; // each field line of this head so far is remembered

  // the content's framing
  private long remaining; // bytes left of a fixed body, or of the current chunk
  private long chunkedTotal;
  private boolean chunkedBody;

  /**
   * A parser with these limits and this compliance mode.
   *
   * @param limits the limits
   * @param compliance how strictly requests are held to RFC 9112
   */
  public RequestParser(ParserLimits limits, Compliance compliance) {
    this.limits = Objects.requireNonNull(limits);
    this.compliance = Objects.requireNonNull(compliance);
  }

  /** A lenient parser with the default limits. */
  public RequestParser() {
    this(ParserLimits.DEFAULT, Compliance.LENIENT);
  }

  /**
   * Consumes bytes from {@code in}, from its position to its limit, and says what it found.
   *
   * @param in the bytes received; a heap buffer is read in place, any other is copied
   * @return what was found; see the class description
   * @throws HttpException when the request is malformed or exceeds a limit
   */
  public Result parse(ByteBuffer in) {
    while (true) {
      switch (state) {
        case REQUEST_LINE -> {
          if (in.hasRemaining()) {
            started = true;
          }
          if (lastLineLength >= 0 && takeRemembered(in, lastLine, lastLineLength)) {
            sameLine = true; // the last request's line: what it meant still stands
          } else {
            if (!nextLine(in, limits.maxRequestLineLength(), true, "request line")) {
              return Result.NEED_DATA;
            }
            if (lineEnd == lineStart) {
              // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the line
              if (emptyLineSeen) {
                throw HttpException.badRequest("more than one empty line before the request line");
              }
              emptyLineSeen = true;
              continue;
            }
            parseRequestLine(lineBytes, lineStart, lineEnd);
          }
          fields = null; // made when a line differs from the last head's (fieldsSoFar)
          fieldCount = 0;
          allRemembered = true;
          hostLines = 0;
          host = null;
          contentLength = false;
          connection = false;
          expect = false;
          transferEncoding = false;
          budget = limits.maxHeaderBytes();
          state = State.FIELDS;
        }
        case FIELDS -> {
          if (sameFieldLine(in)) {
            continue;
          }
          if (!nextLine(in, budget, false, "header section")) {
            return Result.NEED_DATA;
          }
          if (lineEnd == lineStart) {
            headers =
                fields == null && fieldCount == lastFieldCount && lastHeaders != null
                    ? lastHeaders
                    : fieldsSoFar().build();
            fields = null;
            lastFieldCount = fieldCount;
            lastHeaders = allRemembered ? headers : null;
            finishHead();
            return Result.HEAD;
          }
          budget -= lineEnd - lineStart + 2;
          if (fieldCount == limits.maxHeaderCount()) {
            throw new HttpException(
                Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "too many header fields");
          }
          parseField(lineBytes, lineStart, lineEnd, fieldsSoFar(), true);
          fieldCount++;
        }
        case FIXED, CHUNK_DATA -> {
          if (remaining == 0) {
            if (state == State.FIXED) {
              return end();
            }
            state = State.CHUNK_CR;
            continue;
          }
          return in.hasRemaining() ? Result.CONTENT : Result.NEED_DATA;
        }
        case CHUNK_SIZE -> {
          if (!nextLine(in, limits.maxChunkLineLength(), false, "chunk-size line")) {
            return Result.NEED_DATA;
          }
          long size = parseChunkSize(lineBytes, lineStart, lineEnd);
          if (size == 0) {
            budget = limits.maxHeaderBytes();
            state = State.TRAILERS;
          } else {
            remaining = size;
            state = State.CHUNK_DATA;
          }
        }
        case CHUNK_CR -> {
          if (!in.hasRemaining()) {
            return Result.NEED_DATA;
          }
          byte c = in.get();
          if (c == '\r') {
            state = State.CHUNK_LF;
          } else if (c == '\n' && compliance == Compliance.LENIENT) {
            state = State.CHUNK_SIZE;
          } else {
            throw HttpException.badRequest("chunk data is not followed by CRLF");
          }
        }
        case CHUNK_LF -> {
          if (!in.hasRemaining()) {
            return Result.NEED_DATA;
          }
          if (in.get() != '\n') {
            throw HttpException.badRequest("chunk data is not followed by CRLF");
          }
          state = State.CHUNK_SIZE;
        }
        case TRAILERS -> {
          if (!nextLine(in, budget, false, "trailer section")) {
            return Result.NEED_DATA;
          }
          if (lineEnd == lineStart) {
            return end();
          }
          budget -= lineEnd - lineStart + 2;
          // checked, then dropped
          parseField(lineBytes, lineStart, lineEnd, Headers.builder(), false);
        }
        case DONE -> {
          state = State.REQUEST_LINE;
          started = false;
          emptyLineSeen = false;
        }
      }
    }
  }

  /**
   * Takes the next field line if it is the one the last head had at this position, byte for byte
   * and ending in CRLF: its name and value as parsed then. False, consuming nothing, otherwise.
   */
  private boolean sameFieldLine(ByteBuffer in) {
    int at = fieldCount;
    if (at >= REMEMBERED || lastNames == null || lastFieldLines[at] == null) {
      return false;
    }
    byte[] line = lastFieldLines[at];
    if (line.length > budget || !takeRemembered(in, line, line.length)) {
      return false;
    }
    budget -= line.length + 2; // (its position is below the count limit: a valid head had it)
    String name = lastNames[at];
    String value = lastValues[at];
    if (fields != null) {
      fields.add(name, value);
    } // else every line so far is the last head's: fieldsSoFar() copies them if one is not
    note(name, value);
    fieldCount++;
    return true;
  }

  /**
   * The builder of this head's fields, made when first needed: until then each line was the last
   * head's at its position, so the fields so far are the remembered ones.
   */
  private Headers.Builder fieldsSoFar() {
    if (fields == null) {
      // a keep-alive client sends as many fields as last time: room for them, no more
      fields = Headers.builder(lastFieldCount == 0 ? 8 : Math.max(lastFieldCount, fieldCount + 1));
      for (int i = 0; i < fieldCount; i++) {
        fields.add(lastNames[i], lastValues[i]);
      }
    }
    return fields;
  }

  /**
   * Consumes {@code line[0, n)} and a CRLF if the buffer holds exactly those next, in one piece: a
   * line seen before, taken without scanning it again. False, consuming nothing, otherwise.
   */
  private boolean takeRemembered(ByteBuffer in, byte[] line, int n) {
    if (partialActive || !in.hasArray() || in.remaining() < n + 2) {
      return false;
    }
    byte[] a = in.array();
    int p = in.arrayOffset() + in.position();
    if (a[p + n] != '\r' || a[p + n + 1] != '\n' || !Arrays.equals(a, p, p + n, line, 0, n)) {
      return false;
    }
    in.position(in.position() + n + 2);
    return true;
  }

  private Result end() {
    state = State.DONE;
    return Result.END;
  }

  /**
   * The request whose head {@link #parse} just reported.
   *
   * @param content the body the request is to carry (its content arrives as {@link
   *     Result#CONTENT}); {@link Body#empty()} when {@link #bodyLength()} is 0
   * @param peer the client's address, or null
   * @return the request
   */
  public HttpRequest request(Body content, String peer) {
    return HttpRequest.of(method, target, path, query, version, headers, content, peer);
  }

  /**
   * Whether the head {@link #parse} just reported has a {@code Connection} field: without one, the
   * connection's persistence is its version's default.
   *
   * @return whether the head has a {@code Connection} field
   */
  public boolean hasConnectionField() {
    return connection;
  }

  /**
   * Whether the head {@link #parse} just reported has an {@code Expect} field.
   *
   * @return whether the head has an {@code Expect} field
   */
  public boolean hasExpectField() {
    return expect;
  }

  /**
   * The framing of the current request's content: its length, 0 for none, -1 when chunked.
   *
   * @return the framing of the current request's content
   */
  public long bodyLength() {
    return bodyLength;
  }

  /**
   * After {@link Result#CONTENT}: how many bytes at the buffer's position are content.
   *
   * @param in the buffer given to {@link #parse}
   * @return how many content bytes start at its position
   */
  public int contentReady(ByteBuffer in) {
    return (int) Math.min(remaining, in.remaining());
  }

  /**
   * Records that the caller took {@code n} content bytes (and advanced the buffer past them).
   *
   * @param n at most {@link #contentReady}
   */
  public void contentTaken(int n) {
    if (n < 0 || n > remaining) {
      throw new IllegalArgumentException("took " + n + " of " + remaining);
    }
    remaining -= n;
  }

  /**
   * Whether the parser is between messages with no byte of the next one received.
   *
   * @return whether no message is under way
   */
  public boolean isIdle() {
    return (state == State.REQUEST_LINE && !started && !partialActive) || state == State.DONE;
  }

  /**
   * Whether a request head is under way: some of its bytes arrived, not all.
   *
   * @return whether a request head is under way
   */
  public boolean inHead() {
    return (state == State.REQUEST_LINE && (started || partialActive)) || state == State.FIELDS;
  }

  /**
   * Whether the current message's content is under way (after its head, before its end).
   *
   * @return whether the current message's content is under way
   */
  public boolean inBody() {
    return !isIdle() && !inHead();
  }

  /**
   * Content bytes of a fixed-length body still to come, or -1 for a chunked body. 0 once done.
   *
   * @return content bytes still to come, or -1 when the framing does not say
   */
  public long contentRemaining() {
    if (state == State.FIXED) {
      return remaining;
    }
    return chunkedBody && state != State.DONE ? -1 : 0;
  }

  /**
   * Lets go of the buffer kept for an unfinished line, if it holds none, and between messages of
   * what it keeps of the last head (its request line and field lines, a Host found valid).
   */
  public void releaseBuffer() {
    if (!partialActive) {
      partial = NO_BYTES;
      lineBytes = null; // the last line's bytes: the connection's read buffer, or partial
    }
    if (state == State.REQUEST_LINE || state == State.DONE) {
      lastNames = null; // an idle connection keeps no copies of the fields it last sent
      lastValues = null;
      lastFieldLines = null;
      lastHeaders = null;
      validHost = null;
      lastLine = null;
      lastLineLength = -1;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // lines

  /**
   * Finds the next line, at most {@code max} bytes without its terminator: in {@code in} directly
   * when it is whole there, else gathered in {@link #partial} across calls. Only bytes not seen
   * before are scanned. Returns false, having consumed everything, when no line ends in the bytes
   * given.
   */
  private boolean nextLine(ByteBuffer in, int max, boolean requestLine, String what) {
    byte[] a;
    int base;
    int from = in.position();
    int to = in.limit();
    if (in.hasArray()) {
      a = in.array();
      base = in.arrayOffset();
    } else {
      a = new byte[to - from];
      in.duplicate().get(a);
      base = -from;
    }
    int start = base + from;
    int end = base + to;
    int lf = -1;
    for (int i = start; i < end; i++) {
      if (a[i] == '\n') {
        lf = i;
        break;
      }
    }
    if (lf < 0) {
      int n = end - start;
      if (n == 0) {
        return false;
      }
      if (partialLength + n > max + 1) {
        throw tooLong(requestLine, what, a, start, end, max);
      }
      appendPartial(a, start, n);
      in.position(to);
      return false;
    }
    in.position(lf - base + 1);
    if (partialActive) {
      appendPartial(a, start, lf - start);
      setLine(partial, 0, partialLength, max, requestLine, what);
      partialActive = false;
      partialLength = 0;
    } else {
      setLine(a, start, lf, max, requestLine, what);
    }
    return true;
  }

  private void setLine(byte[] b, int s, int lfAt, int max, boolean requestLine, String what) {
    int e = lfAt;
    if (e > s && b[e - 1] == '\r') {
      e--;
    } else if (compliance == Compliance.STRICT) {
      throw HttpException.badRequest("a line of the " + what + " ends in a bare LF");
    }
    if (e - s > max) {
      throw tooLong(requestLine, what, b, s, e, max);
    }
    lineBytes = b;
    lineStart = s;
    lineEnd = e;
  }

  private void appendPartial(byte[] a, int from, int n) {
    partialActive = true;
    if (partialLength + n > partial.length) {
      partial =
          Arrays.copyOf(partial, Math.max(partialLength + n, Math.max(256, partial.length * 2)));
    }
    System.arraycopy(a, from, partial, partialLength, n);
    partialLength += n;
  }

  /**
   * The refusal of a line over its limit. A request line that overflows within its method is not
   * "URI too long": no method that long is implemented (501), or it is no method at all (400).
   */
  private HttpException tooLong(boolean requestLine, String what, byte[] a, int s, int e, int max) {
    if (requestLine) {
      // the bytes of the line within the limit: what was kept from earlier pieces, then these
      boolean earlier = partialActive && a != partial && partialLength > 0;
      int kind = earlier ? methodKind(partial, 0, Math.min(partialLength, max), false) : 0;
      if (kind == 0) {
        int room = max - (earlier ? partialLength : 0);
        kind = methodKind(a, s, Math.min(e, s + Math.max(0, room)), earlier);
      }
      if (kind == 1) {
        return new HttpException(Status.URI_TOO_LONG, "the request line is too long");
      }
      return kind == 0
          ? new HttpException(Status.NOT_IMPLEMENTED, "the method is too long to be one served")
          : HttpException.badRequest("the request line does not start with a method");
    }
    if (what.equals("chunk-size line")) {
      return HttpException.badRequest("the chunk-size line is too long");
    }
    return new HttpException(
        Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "the " + what + " is too long");
  }

  /** 1: a method and its space are in these bytes; 2: a byte that is no method's; 0: neither. */
  private static int methodKind(byte[] b, int s, int e, boolean continued) {
    for (int i = s; i < e; i++) {
      if (b[i] == ' ') {
        return i == s && !continued ? 2 : 1;
      }
      if (!Ascii.isTchar(b[i])) {
        return 2;
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // the head

  private void parseRequestLine(byte[] b, int s, int e) {
    sameLine = false;
    lastLineLength = -1;
    lineToRemember = -1;
    if (e - s <= REMEMBERED_LINE) { // kept, and remembered once its target is found valid
      if (lastLine == null || lastLine.length < e - s) {
        lastLine = new byte[Math.max(e - s, 64)];
      }
      System.arraycopy(b, s, lastLine, 0, e - s);
      lineToRemember = e - s;
    }
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
    method = KnownNames.method(b, s, i);
    int ts = ++i;
    int q = -1;
    int f = -1;
    for (byte c; i < e && (c = b[i]) > 0x20 && c < 0x7f; i++) {
      if (c == '?' && q < 0) {
        q = i - ts;
      } else if (c == '#' && f < 0) {
        f = i - ts;
      }
    }
    targetQuery = q;
    targetFragment = f;
    if (i == ts) {
      throw HttpException.badRequest("the request target is missing");
    }
    if (i == e || b[i] != ' ') {
      throw HttpException.badRequest("the request target has a space, control or non-ASCII byte");
    }
    target = new String(b, ts, i - ts, StandardCharsets.ISO_8859_1);
    version = parseVersion(b, i + 1, e);
  }

  private static Version parseVersion(byte[] b, int s, int e) {
    if (e - s == 8
        && b[s] == 'H'
        && b[s + 1] == 'T'
        && b[s + 2] == 'T'
        && b[s + 3] == 'P'
        && b[s + 4] == '/'
        && isDigit(b[s + 5])
        && b[s + 6] == '.'
        && isDigit(b[s + 7])) {
      if (b[s + 5] != '1') {
        throw new HttpException(Status.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.x is supported");
      }
      return b[s + 7] == '0' ? Version.HTTP_1_0 : Version.HTTP_1_1;
    }
    throw HttpException.badRequest("the request line does not end with a valid HTTP version");
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private void parseField(byte[] b, int s, int e, Headers.Builder fields, boolean head) {
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
    String value = ve == vs ? "" : new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1);
    int at = head ? fieldCount : REMEMBERED;
    if (at < REMEMBERED && e - s <= REMEMBERED_LINE_BYTES) {
      remember(at, name, value, b, s, e);
    } else if (head) {
      allRemembered = false; // what is remembered at this position is another line
    }
    fields.add(name, value);
    if (head) {
      note(name, value);
    }
  }

  private void remember(int at, String name, String value, byte[] b, int s, int e) {
    if (lastNames == null) {
      lastNames = new String[REMEMBERED];
      lastValues = new String[REMEMBERED];
      lastFieldLines = new byte[REMEMBERED][];
    }
    lastNames[at] = name;
    lastValues[at] = value;
    lastFieldLines[at] = Arrays.copyOfRange(b, s, e);
  }

  private void note(String name, String value) {
    switch (name.length()) {
      case 4 -> {
        if (Ascii.sameName(name, "Host")) {
          hostLines++;
          host = value;
        }
      }
      case 6 -> expect |= Ascii.sameName(name, "Expect");
      case 10 -> connection |= Ascii.sameName(name, "Connection");
      case 14 -> contentLength |= Ascii.sameName(name, "Content-Length");
      case 17 -> transferEncoding |= Ascii.sameName(name, "Transfer-Encoding");
      default -> {
        // not a field the parser reads
      }
    }
  }

  private void finishHead() {
    if (!sameLine) {
      parseTarget();
    }
    checkHost();
    framing();
  }

  /** The path and query of the target just parsed; the line is remembered once they are valid. */
  private void parseTarget() {
    query = null;
    char first = target.charAt(0);
    if (first == '/') {
      if (targetFragment >= 0) {
        throw HttpException.badRequest("a request target must not have a fragment");
      }
      int q = targetQuery;
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
    lastLineLength = lineToRemember;
  }

  private void checkHost() {
    if (hostLines > 1) {
      throw HttpException.badRequest("more than one Host field");
    }
    if (hostLines == 0) {
      if (version == Version.HTTP_1_1 && compliance == Compliance.STRICT) {
        throw HttpException.badRequest("an HTTP/1.1 request must have a Host field");
      }
      return;
    }
    if (host != validHost && !host.isEmpty()) { // the same String: the same bytes, checked
      if (!Hosts.isValidAuthority(host)) {
        throw HttpException.badRequest("the Host field is not a valid host[:port]");
      }
      validHost = host;
    }
  }

  private void framing() {
    chunkedBody = false;
    boolean hasTe = transferEncoding;
    boolean hasCl = contentLength;
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
      bodyLength = -1;
      chunkedBody = true;
      chunkedTotal = 0;
      state = State.CHUNK_SIZE;
      return;
    }
    long length = 0;
    if (hasCl) {
      length = -1;
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
    }
    bodyLength = length;
    remaining = length;
    state = State.FIXED;
  }

  /** Content-Length = 1*DIGIT: any run of digits that fits in 63 bits is a length. */
  private static long parseLength(String v) {
    if (v.isEmpty() || v.length() > 19) {
      throw HttpException.badRequest("Content-Length is not a valid length");
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        throw HttpException.badRequest("Content-Length is not a valid length");
      }
      n = n * 10 + (c - '0');
      if (n < 0) {
        throw HttpException.badRequest("Content-Length is not a valid length");
      }
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // chunks

  private long parseChunkSize(byte[] b, int s, int e) {
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
    chunkedTotal += size;
    if (chunkedTotal > limits.maxBodySize()) {
      throw new HttpException(Status.CONTENT_TOO_LARGE, "the chunked content is too large");
    }
    return size;
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
   * chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-value ] ), ext-value = token /
   * quoted-string (RFC 9112 §7.1.1). Extensions are checked and ignored.
   */
  private static void checkExtensions(byte[] b, int i, int e) {
    while (i < e) {
      i = skipWhitespace(b, i, e);
      if (i == e || b[i] != ';') {
        throw HttpException.badRequest("a chunk size is followed by something other than ;");
      }
      i = skipWhitespace(b, i + 1, e);
      int ns = i;
      while (i < e && Ascii.isTchar(b[i])) {
        i++;
      }
      if (i == ns) {
        throw HttpException.badRequest("a chunk extension has no name");
      }
      int afterName = i;
      i = skipWhitespace(b, i, e);
      if (i < e && b[i] == '=') {
        i = skipWhitespace(b, i + 1, e);
        i = extensionValue(b, i, e);
      } else {
        i = afterName; // whitespace here must precede a further ";"
      }
    }
  }

  private static int extensionValue(byte[] b, int i, int e) {
    if (i < e && b[i] == '"') {
      i++;
      while (true) {
        if (i >= e) {
          throw HttpException.badRequest("a chunk extension's quoted value is not closed");
        }
        byte c = b[i];
        if (c == '"') {
          return i + 1;
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
    }
    int vs = i;
    while (i < e && Ascii.isTchar(b[i])) {
      i++;
    }
    if (i == vs) {
      throw HttpException.badRequest("a chunk extension has an empty value");
    }
    return i;
  }

  private static int skipWhitespace(byte[] b, int i, int e) {
    while (i < e && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isQdtext(byte c) {
    int v = c & 0xff;
    return v == '\t'
        || v == ' '
        || v == 0x21
        || (v >= 0x23 && v <= 0x5b)
        || (v >= 0x5d && v != 0x7f);
  }

  private static boolean isQuotedPairByte(byte c) {
    int v = c & 0xff;
    return v == '\t' || (v >= 0x20 && v != 0x7f);
  }
}

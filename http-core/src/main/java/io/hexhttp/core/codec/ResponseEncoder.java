package io.hexhttp.core.codec;

import io.hexhttp.core.Body;
import io.hexhttp.core.Headers;
import io.hexhttp.core.HttpDate;
import io.hexhttp.core.HttpResponse;
import io.hexhttp.core.Method;
import io.hexhttp.core.Status;
import io.hexhttp.core.Version;
import io.hexhttp.core.internal.Ascii;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes HTTP/1.1 responses (RFC 9112 §4–§7). The encoder owns framing: it writes {@code
 * Content-Length} from a body of known length, the chunked coding for a body of unknown length on
 * HTTP/1.1 (closing the connection after an HTTP/1.0 one), no content for HEAD, 1xx, 204 and 304,
 * and the {@code Connection} field from the connection's state. Framing fields a handler set are
 * ignored.
 *
 * <p>Heads and small bodies are gathered in the encoder's buffer, so that a batch of pipelined
 * responses leaves in one write: {@link #writeHead} appends to the batch (writing it out first when
 * a large or streamed body follows), and {@link #flush} sends it. {@link #write} does both. Not
 * thread-safe: one encoder serves one connection, and reuses its buffer from response to response.
 */
public final class ResponseEncoder {
  /** Bodies up to this size are copied behind the head and written with it in one call. */
  static final int GATHER_LIMIT = 16 * 1024;

  /** A batch is written out once it holds this much, flushed or not. */
  static final int BATCH_LIMIT = 32 * 1024;

  private static final byte[][] STATUS_LINES = new byte[600][];
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Clock clock;
  private final boolean sendDate;
  private static final int INITIAL_BUFFER = 512;
  private static final byte[] NO_BYTES = new byte[0];

  private byte[] out = NO_BYTES; // allocated with the first response
  private int start; // the first byte not yet sent
  private int len;
  private ByteBuffer view;
  private long dateSecond = Long.MIN_VALUE;
  private String date;
  // the last header set encoded and its field lines as bytes: handlers answer with a few constant
  // header sets (Headers are immutable), and the set of the last answer is copied in one piece
  private static final int REMEMBERED_FIELDS = 1024;
  private Headers lastHeaders;
  private byte[] lastFields;
  private int lastFieldsLength;
  private boolean lastSaysClose;

  /** An encoder that sends no {@code Date} field. */
  public ResponseEncoder() {
    this(false, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)); // never read: no Date is sent
  }

  /**
   * An encoder that sends a {@code Date} field from {@code clock} when {@code sendDate}.
   *
   * @param sendDate whether to send a {@code Date} field
   * @param clock the clock for the {@code Date} field
   */
  public ResponseEncoder(boolean sendDate, Clock clock) {
    this.sendDate = sendDate;
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Writes {@code response} as the answer to a request with {@code method}, flushes it to {@code
   * sink}, and returns whether the connection may carry another request afterwards.
   *
   * @param method the request's method (HEAD gets the head only), or null if the request could not
   *     be parsed
   * @param version the request's version, which decides how a body of unknown length is framed
   * @param keepAlive whether the connection is to stay open; false adds {@code Connection: close}
   * @param response the response
   * @param sink where to write
   * @return whether the connection may carry another request
   * @throws IOException if reading or writing fails
   */
  public boolean write(
      HttpResponse response, Method method, Version version, boolean keepAlive, OutputStream sink)
      throws IOException {
    Framing framing = writeHead(response, method, version, keepAlive, sink);
    writeBody(framing, response.body(), sink);
    flush(sink);
    return framing.keepAlive();
  }

  /**
   * Writes out the batch of responses gathered so far, then flushes {@code sink}.
   *
   * @param sink where to write
   * @throws IOException if reading or writing fails
   */
  public void flush(OutputStream sink) throws IOException {
    if (len > start) {
      sink.write(out, start, len - start);
    }
    start = 0;
    len = 0;
    sink.flush();
  }

  /**
   * The bytes encoded and not yet sent, as a buffer over the encoder's own array: a non-blocking
   * writer writes from it and reports what went with {@link #sent(int)}.
   *
   * @return the pending bytes (position to limit)
   */
  public ByteBuffer pending() {
    if (view == null || view.array() != out) {
      view = ByteBuffer.wrap(out);
    }
    view.limit(len).position(start);
    return view;
  }

  /**
   * Whether encoded bytes wait to be sent.
   *
   * @return whether encoded bytes wait to be sent
   */
  public boolean hasPending() {
    return len > start;
  }

  /**
   * Records that the first {@code n} pending bytes were sent.
   *
   * @param n how many were sent
   */
  public void sent(int n) {
    if (n < 0 || n > len - start) {
      throw new IllegalArgumentException("sent " + n + " of " + (len - start));
    }
    start += n;
    if (start == len) {
      start = 0;
      len = 0;
    }
  }

  /**
   * Appends the head to the batch, and the body as well when it is small and in memory; returns how
   * the rest of the body, if any, is to be written: {@link Framing#NONE} (or {@code NONE_CLOSE})
   * when nothing remains. The caller sends the batch ({@link #pending()} or {@link #flush}) before
   * the rest of the body, which {@link #writeBody} frames; a transport may instead send a {@link
   * Framing#LENGTH} body by zero-copy.
   *
   * @param response the response
   * @param method the request's method (HEAD gets the head only), or null if the request could not
   *     be parsed
   * @param version the protocol version
   * @param keepAlive whether the connection stays open
   * @return how the rest of the body is to be written
   */
  public Framing encodeHead(
      HttpResponse response, Method method, Version version, boolean keepAlive) {
    Status status = response.status();
    Body body = response.body();
    Headers headers = response.headers();
    boolean known = headers == lastHeaders;
    boolean saysClose = known ? lastSaysClose : headers.hasElement("Connection", "close");
    if (saysClose) {
      keepAlive = false;
    }
    boolean head = Method.HEAD.equals(method);
    long length = body.length();

    Framing framing;
    if (status.forbidsContent()) {
      framing = Framing.NONE;
    } else if (length >= 0) {
      framing = Framing.LENGTH;
    } else if (version == Version.HTTP_1_1) {
      framing = Framing.CHUNKED;
    } else {
      framing = Framing.CLOSE;
      keepAlive = false;
    }

    append(statusLine(status));
    if (known) {
      append(lastFields, lastFieldsLength);
    } else {
      int from = len;
      for (int i = 0, n = headers.size(); i < n; i++) {
        String name = headers.name(i);
        if (isFramingField(name)) {
          continue;
        }
        appendField(name, headers.value(i));
      }
      remember(headers, from, saysClose);
    }
    if (sendDate) {
      appendField("Date", date());
    }
    if (framing == Framing.LENGTH) {
      appendAscii("Content-Length: ");
      appendDecimal(length);
      append(CRLF);
    } else if (framing == Framing.CHUNKED) {
      appendAscii("Transfer-Encoding: chunked\r\n");
    } else if (status.code() == 304 && length > 0) {
      // the length a 200 would carry (RFC 9110 §8.6), when the handler gave it as Body.unsent
      appendAscii("Content-Length: ");
      appendDecimal(length);
      append(CRLF);
    }
    if (!keepAlive) {
      appendAscii("Connection: close\r\n");
    } else if (version == Version.HTTP_1_0) {
      appendAscii("Connection: keep-alive\r\n");
    }
    append(CRLF);

    if (head || framing == Framing.NONE || length == 0) {
      return keepAlive ? Framing.NONE : Framing.NONE_CLOSE;
    }
    if (framing == Framing.LENGTH
        && length <= GATHER_LIMIT
        && body instanceof Body.BytesBody bytes) {
      ensure((int) length);
      bytes.copyTo(out, len);
      len += (int) length;
      return keepAlive ? Framing.NONE : Framing.NONE_CLOSE;
    }
    return keepAlive ? framing : framing.closing();
  }

  /**
   * {@link #encodeHead}, then the batch is written to {@code sink} when it has grown large or when
   * a body remains to be written.
   *
   * @param response the response
   * @param method the method
   * @param version the protocol version
   * @param keepAlive whether the connection stays open
   * @param sink where to write
   * @return how the rest of the body is to be written
   * @throws IOException if writing fails
   */
  public Framing writeHead(
      HttpResponse response, Method method, Version version, boolean keepAlive, OutputStream sink)
      throws IOException {
    Framing framing = encodeHead(response, method, version, keepAlive);
    if (len - start >= BATCH_LIMIT || framing != Framing.NONE && framing != Framing.NONE_CLOSE) {
      sink.write(out, start, len - start);
      start = 0;
      len = 0;
    }
    return framing;
  }

  /**
   * Writes the body as {@code framing} says, after {@link #writeHead}.
   *
   * @param framing what {@link #writeHead} returned
   * @param body the response's body
   * @param sink where to write it
   * @return how many bytes of content were written (framing not counted); 0 for {@code NONE}
   * @throws IOException if the body or the sink fails
   */
  public long writeBody(Framing framing, Body body, OutputStream sink) throws IOException {
    switch (framing) {
      case NONE, NONE_CLOSE -> {
        return 0;
      }
      case LENGTH, LENGTH_CLOSE -> {
        writeExactly(body, sink);
        return body.length();
      }
      case CHUNKED, CHUNKED_CLOSE -> {
        ChunkedOutputStream chunked = new ChunkedOutputStream(sink);
        body.writeTo(chunked);
        chunked.finish();
        return chunked.content;
      }
      default -> {
        CountingStream counted = new CountingStream(sink, Long.MAX_VALUE);
        body.writeTo(counted);
        return counted.count;
      }
    }
  }

  private static void writeExactly(Body body, OutputStream sink) throws IOException {
    long expected = body.length();
    CountingStream counter = new CountingStream(sink, expected);
    body.writeTo(counter);
    if (counter.count != expected) {
      throw new IOException("the body declared " + expected + " bytes but had " + counter.count);
    }
  }

  private static boolean isFramingField(String name) {
    return Ascii.equalsIgnoreCase(name, "Content-Length")
        || Ascii.equalsIgnoreCase(name, "Transfer-Encoding")
        || Ascii.equalsIgnoreCase(name, "Connection");
  }

  /**
   * Writes an interim {@code 100 Continue} response (RFC 9110 §15.2.1).
   *
   * @param sink where to write
   * @throws IOException if reading or writing fails
   */
  public void writeContinue(OutputStream sink) throws IOException {
    encodeContinue();
    flush(sink);
  }

  /** Appends an interim {@code 100 Continue} response (RFC 9110 §15.2.1) to the batch. */
  public void encodeContinue() {
    append(statusLine(Status.CONTINUE));
    append(CRLF);
  }

  static {
    for (int code = 100; code < 600; code++) {
      Status s = Status.of(code);
      if (!s.reason().isEmpty()) {
        STATUS_LINES[code] = encodeStatusLine(s);
      }
    }
  }

  private static byte[] statusLine(Status status) {
    byte[] cached = STATUS_LINES[status.code()];
    return cached != null && status == Status.of(status.code()) ? cached : encodeStatusLine(status);
  }

  private static byte[] encodeStatusLine(Status status) {
    return ("HTTP/1.1 " + status.code() + " " + status.reason() + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private String date() {
    long now = clock.millis() / 1000;
    if (now != dateSecond) {
      dateSecond = now;
      date = HttpDate.format(now * 1000);
    }
    return date;
  }

  private void appendField(String name, String value) {
    ensure(name.length() + value.length() + 4);
    appendLatin1(name);
    out[len++] = ':';
    out[len++] = ' ';
    appendLatin1(value);
    out[len++] = '\r';
    out[len++] = '\n';
  }

  private void appendAscii(String s) {
    ensure(s.length());
    appendLatin1(s);
  }

  @SuppressWarnings("deprecation") // its low-byte copy is exactly Latin-1, and an array copy
  private void appendLatin1(String s) {
    int n = s.length();
    s.getBytes(0, n, out, len);
    len += n;
  }

  private void appendDecimal(long v) {
    ensure(20);
    int digits = 1;
    for (long p = 10; digits < 19 && v >= p; p *= 10) {
      digits++;
    }
    int end = len + digits;
    if (v <= Integer.MAX_VALUE) { // most lengths: int division is the cheaper
      for (int i = end - 1, w = (int) v; i >= len; i--, w /= 10) {
        out[i] = (byte) ('0' + w % 10);
      }
    } else {
      for (int i = end - 1; i >= len; i--, v /= 10) {
        out[i] = (byte) ('0' + v % 10);
      }
    }
    len = end;
  }

  /**
   * Lets go of the buffer while nothing is pending, so that an idle connection holds none; the next
   * response allocates one again, or starts from one {@linkplain #lend lent} to it.
   *
   * @return the buffer let go when it is still of the size the encoder starts with (for a pool to
   *     keep), else null
   */
  public byte[] releaseBuffer() {
    byte[] released = null;
    if (len == 0) {
      released = out.length == INITIAL_BUFFER ? out : null;
      out = NO_BYTES;
      view = null;
    }
    lastHeaders = null;
    lastFields = null;
    return released;
  }

  /**
   * Gives the encoder a buffer to start from while it holds none, so that it allocates none: one
   * that {@link #releaseBuffer()} returned, of this encoder or another. Its contents are never
   * read. Ignored when the encoder holds a buffer, or {@code buffer} is null or not of the starting
   * size.
   *
   * @param buffer an array no one else uses any more
   */
  public void lend(byte[] buffer) {
    if (out.length == 0 && buffer != null && buffer.length == INITIAL_BUFFER) {
      out = buffer;
      view = null;
    }
  }

  /**
   * Whether the encoder holds no buffer (a {@link #lend} would be taken).
   *
   * @return true until the first response, and after {@link #releaseBuffer()} let its buffer go
   */
  public boolean holdsNoBuffer() {
    return out.length == 0;
  }

  private void append(byte[] b) {
    append(b, b.length);
  }

  private void append(byte[] b, int n) {
    ensure(n);
    System.arraycopy(b, 0, out, len, n);
    len += n;
  }

  /** Keeps the field lines just encoded from {@code from} as those of {@code headers}. */
  private void remember(Headers headers, int from, boolean saysClose) {
    int n = len - from;
    if (n > REMEMBERED_FIELDS) {
      lastHeaders = null;
      return;
    }
    if (lastFields == null || lastFields.length < n) {
      lastFields = new byte[Math.max(n, 128)];
    }
    System.arraycopy(out, from, lastFields, 0, n);
    lastFieldsLength = n;
    lastHeaders = headers;
    lastSaysClose = saysClose;
  }

  private void ensure(int more) {
    if (len + more > out.length && start > 0) {
      System.arraycopy(out, start, out, 0, len - start);
      len -= start;
      start = 0;
    }
    if (len + more > out.length) {
      out = Arrays.copyOf(out, Math.max(Math.max(out.length * 2, INITIAL_BUFFER), len + more));
    }
  }

  /** How a response's body goes on the wire, and whether the connection stays open after it. */
  public enum Framing {
    /** No body bytes to write (or all written with the head); connection stays open. */
    NONE,
    /** As {@link #NONE}, then close. */
    NONE_CLOSE,
    /** Exactly {@code Content-Length} bytes follow; connection stays open. */
    LENGTH,
    /** As {@link #LENGTH}, then close. */
    LENGTH_CLOSE,
    /** The chunked coding; connection stays open. */
    CHUNKED,
    /** As {@link #CHUNKED}, then close. */
    CHUNKED_CLOSE,
    /** The body is delimited by closing the connection (HTTP/1.0, unknown length). */
    CLOSE;

    /**
     * Whether the connection stays open after the body.
     *
     * @return whether the connection stays open after the body
     */
    public boolean keepAlive() {
      return this == NONE || this == LENGTH || this == CHUNKED;
    }

    Framing closing() {
      return switch (this) {
        case NONE -> NONE_CLOSE;
        case LENGTH -> LENGTH_CLOSE;
        case CHUNKED -> CHUNKED_CLOSE;
        default -> this;
      };
    }
  }

  private static final class CountingStream extends OutputStream {
    private final OutputStream sink;
    private final long limit;
    long count;

    CountingStream(OutputStream sink, long limit) {
      this.sink = sink;
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
      if (count + n > limit) {
        throw new IOException("the body is longer than its declared " + limit + " bytes");
      }
      sink.write(b, off, n);
      count += n;
    }

    @Override
    public void flush() throws IOException {
      sink.flush();
    }
  }

  /** Writes each write as one chunk; {@link #finish} writes the last chunk. */
  private static final class ChunkedOutputStream extends OutputStream {
    private final OutputStream sink;
    long content;

    ChunkedOutputStream(OutputStream sink) {
      this.sink = sink;
    }

    /**
     * Sends what was written so far on to the peer: a handler's flush reaches the socket.
     *
     * @throws IOException if reading or writing fails
     */
    @Override
    public void flush() throws IOException {
      sink.flush();
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
      if (n == 0) {
        return;
      }
      sink.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      sink.write(b, off, n);
      sink.write(CRLF);
      content += n;
    }

    void finish() throws IOException {
      sink.write(LAST_CHUNK);
    }
  }
}

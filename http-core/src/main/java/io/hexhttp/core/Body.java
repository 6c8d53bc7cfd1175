package io.hexhttp.core;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The content of a request or response: bytes in memory, or a stream (a request body arriving from
 * the network, a file on disk) that is never copied into the heap as a whole.
 *
 * <p>An in-memory body can be read any number of times and compares by content. A streamed body may
 * be one-shot: {@link #stream()} is then callable once.
 */
public interface Body extends Closeable {
  /**
   * The length in bytes, or -1 when it is not known in advance.
   *
   * @return the length in bytes, or -1 when it is not known in advance
   */
  long length();

  /**
   * Opens the content for reading. One-shot bodies allow this once.
   *
   * @return a stream over the content; closing it releases what the body holds
   * @throws IOException if reading or writing fails
   */
  InputStream stream() throws IOException;

  /**
   * Releases what the body holds (an open file, a stream) if it is not to be written after all. The
   * transport closes every response body exactly once: after writing it, or instead of writing it
   * (HEAD, 204, 304, a failure, a client gone). Closing again does nothing. In-memory bodies hold
   * nothing.
   *
   * @throws IOException if releasing fails
   */
  @Override
  default void close() throws IOException {}

  /**
   * Whether the body is known to be empty.
   *
   * @return whether the body is known to be empty
   */
  default boolean isEmpty() {
    return length() == 0;
  }

  /**
   * Writes the whole content to {@code out}; does not close it.
   *
   * @param out where to write
   * @throws IOException if reading or writing fails
   */
  default void writeTo(OutputStream out) throws IOException {
    try (InputStream in = stream()) {
      in.transferTo(out);
    }
  }

  /**
   * Reads the whole content into memory. Meant for small bodies; a streamed body of unknown size is
   * read to its end.
   *
   * @return the whole content
   * @throws IOException if reading or writing fails
   */
  default byte[] bytes() throws IOException {
    try (InputStream in = stream()) {
      return in.readAllBytes();
    }
  }

  /**
   * The content decoded as UTF-8 (malformed input replaced), for small bodies and tests.
   *
   * @return the content decoded as UTF-8 (malformed input replaced), for small bodies and tests
   */
  default String text() {
    try {
      return new String(bytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The bytes {@code [offset, offset + length)} of this body, as a body of their own: for range
   * requests. File bodies send their range by zero-copy where the transport can. The default
   * streams this body and skips to the range.
   *
   * @param offset where the range starts, at most {@link #length()}
   * @param length how many bytes, at most what is left after {@code offset}
   * @return the range, which takes over this body: write one or the other, not both
   */
  default Body range(long offset, long length) {
    long total = length();
    if (offset < 0 || length < 0 || (total >= 0 && offset + length > total)) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + length + " of a body of " + total + " bytes");
    }
    return Bodies.range(this, offset, length);
  }

  /**
   * A body that stands for content of {@code length} bytes which the answer does not carry: for a
   * HEAD or 304 answer, whose {@code Content-Length} is the one a 200 to GET would carry (RFC 9110
   * §8.6, §15.4.5). Opening it fails.
   *
   * @param length the length of the content it stands for
   * @return the body
   */
  static Body unsent(long length) {
    return Bodies.unsent(length);
  }

  /**
   * The parts one after another, as one body (for example a multipart answer).
   *
   * @param parts the bodies, written in order
   * @return a body whose length is the sum of theirs (-1 if one of theirs is unknown)
   */
  static Body concat(List<Body> parts) {
    return Bodies.concat(parts);
  }

  /**
   * The empty body.
   *
   * @return the empty body
   */
  static Body empty() {
    return BytesBody.EMPTY;
  }

  /**
   * A body holding a copy of {@code bytes}; {@link BytesBody#wrap} holds them without a copy.
   *
   * @param bytes the bytes
   * @return a body holding a copy of {@code bytes}; {@link BytesBody#wrap} holds them without a
   *     copy
   */
  static Body of(byte[] bytes) {
    return bytes.length == 0 ? BytesBody.EMPTY : new BytesBody(bytes.clone());
  }

  /**
   * A body over {@code bytes} without copying them: the caller must not change them afterwards.
   *
   * @param bytes the content
   * @return the body
   */
  static Body wrap(byte[] bytes) {
    return BytesBody.wrap(bytes);
  }

  /**
   * A body holding {@code text} encoded as UTF-8.
   *
   * @param text the text
   * @return a body holding {@code text} encoded as UTF-8
   */
  static Body of(String text) {
    return text.isEmpty() ? BytesBody.EMPTY : new BytesBody(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A one-shot body read from {@code in}, of {@code length} bytes (-1 when unknown). The stream is
   * consumed as it is written; it is not buffered.
   *
   * @param in the stream to read
   * @param length the length in bytes, or -1 when unknown
   * @return a one-shot body read from {@code in}, of {@code length} bytes (-1 when unknown)
   */
  static Body ofStream(InputStream in, long length) {
    Objects.requireNonNull(in);
    if (length < -1) {
      throw new IllegalArgumentException("length: " + length);
    }
    return new StreamBody(in, length);
  }

  /** A body whose bytes are held in memory; compares by content. */
  final class BytesBody implements Body {
    static final BytesBody EMPTY = new BytesBody(new byte[0]);
    private final byte[] bytes;

    private BytesBody(byte[] bytes) {
      this.bytes = bytes;
    }

    /**
     * A body over {@code bytes} without copying them; the caller must not change them.
     *
     * @param bytes the bytes
     * @return a body over {@code bytes} without copying them; the caller must not change them
     */
    public static Body wrap(byte[] bytes) {
      return bytes.length == 0 ? EMPTY : new BytesBody(bytes);
    }

    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public InputStream stream() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(bytes);
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public Body range(long offset, long length) {
      if (offset < 0 || length < 0 || offset + length > bytes.length) {
        throw new IllegalArgumentException(
            "range " + offset + "+" + length + " of a body of " + bytes.length + " bytes");
      }
      return offset == 0 && length == bytes.length
          ? this
          : wrap(Arrays.copyOfRange(bytes, (int) offset, (int) (offset + length)));
    }

    /**
     * The bytes as a read-only buffer, without copying them.
     *
     * @return a read-only buffer over the bytes
     */
    public ByteBuffer asBuffer() {
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /**
     * Writes the bytes into {@code dst} at {@code offset} without copying them elsewhere.
     *
     * @param dst where to copy
     * @param offset where in {@code dst}
     */
    public void copyTo(byte[] dst, int offset) {
      System.arraycopy(bytes, 0, dst, offset, bytes.length);
    }

    @Override
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesBody other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Body[" + bytes.length + " bytes]";
    }
  }

  /** A one-shot body over a stream. */
  final class StreamBody implements Body {
    private final long length;
    private InputStream in;

    private StreamBody(InputStream in, long length) {
      this.in = in;
      this.length = length;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public synchronized InputStream stream() {
      InputStream s = in;
      if (s == null) {
        throw new IllegalStateException("this body is one-shot and has been read already");
      }
      in = null;
      return s;
    }

    @Override
    public void close() throws IOException {
      InputStream s;
      synchronized (this) {
        s = in;
        in = null;
      }
      if (s != null) {
        s.close(); // never read: the one who would have read it will not
      }
    }

    @Override
    public String toString() {
      return "Body[stream, " + (length < 0 ? "unknown length" : length + " bytes") + "]";
    }
  }
}

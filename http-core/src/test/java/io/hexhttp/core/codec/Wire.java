package io.hexhttp.core.codec;

import io.hexhttp.core.Body;
import io.hexhttp.core.Compliance;
import io.hexhttp.core.HttpException;
import io.hexhttp.core.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Bytes in pieces, and a minimal driver that pushes them through a parser. */
final class Wire {
  private Wire() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@code data} split at {@code cuts}. */
  static List<byte[]> split(byte[] data, int... cuts) {
    List<byte[]> pieces = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      if (cut > from && cut < data.length) {
        pieces.add(Arrays.copyOfRange(data, from, cut));
        from = cut;
      }
    }
    pieces.add(Arrays.copyOfRange(data, from, data.length));
    return pieces;
  }

  /** One byte per piece. */
  static List<byte[]> trickle(byte[] data) {
    List<byte[]> pieces = new ArrayList<>();
    for (byte b : data) {
      pieces.add(new byte[] {b});
    }
    return pieces;
  }

  static List<byte[]> whole(byte[] data) {
    return List.of(data);
  }

  /** A request and the content that followed its head. */
  record Message(HttpRequest request, byte[] content) {
    String text() {
      return new String(content, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Pushes the pieces through a parser, each in a buffer of its own (so nothing carries over but
   * the parser's state), and returns every complete message. The end of the input within a head is
   * answered 400, as the engine does; within a body it is an {@link EOFException}.
   */
  static List<Message> parseAll(List<byte[]> pieces, ParserLimits limits, Compliance c)
      throws EOFException {
    RequestParser parser = new RequestParser(limits, c);
    List<Message> out = new ArrayList<>();
    HttpRequest head = null;
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] piece : pieces) {
      ByteBuffer in = ByteBuffer.wrap(piece);
      loop:
      while (true) {
        switch (parser.parse(in)) {
          case NEED_DATA -> {
            if (in.hasRemaining()) {
              throw new AssertionError("NEED_DATA with bytes left");
            }
            break loop;
          }
          case HEAD -> {
            head = parser.request(Body.empty(), null);
            content.reset();
          }
          case CONTENT -> {
            int n = parser.contentReady(in);
            if (n <= 0) {
              throw new AssertionError("CONTENT without bytes");
            }
            content.write(piece, in.position(), n);
            in.position(in.position() + n);
            parser.contentTaken(n);
          }
          case END -> {
            out.add(new Message(head, content.toByteArray()));
            head = null;
          }
        }
      }
    }
    if (parser.inHead()) {
      throw HttpException.badRequest("the connection closed within the request head");
    }
    if (head != null) {
      throw new EOFException("the input ended within a body");
    }
    return out;
  }
}

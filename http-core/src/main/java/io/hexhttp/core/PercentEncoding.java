package io.hexhttp.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Percent-decoding of URI components (RFC 3986 §2.1) into UTF-8 text. */
public final class PercentEncoding {
  private PercentEncoding() {}

  /**
   * Decodes {@code %XX} escapes and reads the bytes as UTF-8. {@code +} is left as it is (it means
   * a space only in form data, not in paths).
   *
   * @throws HttpException 400 for a malformed escape or bytes that are not UTF-8
   * @param s the text
   * @return the decoded text
   */
  public static String decode(String s) {
    int first = 0; // (a plain loop: most components are short, where indexOf's set-up dominates)
    while (first < s.length() && s.charAt(first) != '%') {
      first++;
    }
    if (first == s.length()) {
      return s;
    }
    byte[] bytes = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw HttpException.badRequest("a percent-escape is cut short");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw HttpException.badRequest("a percent-escape is not two hex digits");
        }
        bytes[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c > 0x7f) {
        throw HttpException.badRequest("a URI has a non-ASCII character");
      } else {
        bytes[n++] = (byte) c;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw HttpException.badRequest("a percent-encoded URI component is not UTF-8");
    }
  }
}

package io.hexhttp.core;

/** The little JSON the library writes itself: strings, escaped to ASCII. */
final class Json {
  private Json() {}

  /** Appends {@code s} as a JSON string; quotes, backslashes, controls and non-ASCII escaped. */
  static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append("\\u").append(String.format("%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }
}

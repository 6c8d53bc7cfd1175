package io.hexhttp.core;

/**
 * JSON string literals, for the little JSON a server writes by hand (problem details, log lines,
 * small API answers); a full JSON library is the application's choice.
 */
public final class Json {
  private Json() {}

  /**
   * {@code s} as a JSON string literal, ASCII only: quotes, backslashes, control characters and
   * everything beyond ASCII escaped as {@code \}{@code uXXXX}.
   *
   * @param s the text, or null
   * @return the literal with its quotes, or {@code null} for null
   */
  public static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(s.length() + 2);
    quote(b, s);
    return b.toString();
  }

  /**
   * Appends {@code s} as a JSON string literal (or {@code null}), as {@link #quote(String)} writes
   * it.
   *
   * @param b where to append
   * @param s the text, or null
   */
  public static void quote(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
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

package io.hexhttp.core.internal;

/** Character classes of RFC 9110 §5.6, as lookup tables over bytes. */
public final class Ascii {
  private static final boolean[] TCHAR = new boolean[256];
  private static final boolean[] FIELD_VALUE = new boolean[256];

  static {
    for (int c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 32] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
    // field-vchar = VCHAR / obs-text, plus SP and HTAB between them
    for (int c = 0x20; c <= 0x7e; c++) {
      FIELD_VALUE[c] = true;
    }
    for (int c = 0x80; c <= 0xff; c++) {
      FIELD_VALUE[c] = true;
    }
    FIELD_VALUE['\t'] = true;
  }

  private Ascii() {}

  /**
   * Whether {@code b} is a tchar.
   *
   * @param b the value
   * @return whether {@code b} is a tchar
   */
  public static boolean isTchar(int b) {
    return TCHAR[b & 0xff];
  }

  /**
   * Whether {@code b} may stand in a field value (VCHAR, obs-text, SP, HTAB).
   *
   * @param b the value
   * @return whether {@code b} may stand in a field value (VCHAR, obs-text, SP, HTAB)
   */
  public static boolean isFieldValueByte(int b) {
    return FIELD_VALUE[b & 0xff];
  }

  /**
   * Whether {@code s} is a non-empty token.
   *
   * @param s the text
   * @return whether {@code s} is a non-empty token
   */
  public static boolean isToken(CharSequence s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0xff || !TCHAR[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s} is a valid field value (no CR, LF, NUL or other controls).
   *
   * @param s the text
   * @return whether {@code s} is a valid field value (no CR, LF, NUL or other controls)
   */
  public static boolean isFieldValue(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0xff || !FIELD_VALUE[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether two ASCII strings are equal ignoring case (fast path of String's own method).
   *
   * @param a the a
   * @param b the value
   * @return whether two ASCII strings are equal ignoring case (fast path of String's own method)
   */
  public static boolean equalsIgnoreCase(String a, String b) {
    return a.length() == b.length() && a.regionMatches(true, 0, b, 0, a.length());
  }

  /**
   * Whether two field names are the same name: the same instance (the parser's names of known
   * fields are the constants the code looks them up by), else equal ignoring case.
   *
   * @param a a name
   * @param b another
   * @return whether they name the same field
   */
  public static boolean sameName(String a, String b) {
    return a == b || equalsIgnoreCase(a, b);
  }

  /**
   * Renders untrusted text for a log line: printable ASCII as is, everything else as {@code \xNN},
   * cut to 200 characters.
   *
   * @param s the text
   * @return the text, safe for a log line
   */
  public static String escape(CharSequence s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), 200) + 8);
    for (int i = 0; i < s.length() && out.length() < 200; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\x%02x", (int) c & 0xff));
      }
    }
    if (out.length() >= 200) {
      out.append("...");
    }
    return out.toString();
  }
}

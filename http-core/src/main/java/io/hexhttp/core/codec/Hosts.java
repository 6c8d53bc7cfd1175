package io.hexhttp.core.codec;

/** Checks of the authority in Host fields and absolute-form targets (RFC 9110 §7.2, RFC 3986). */
final class Hosts {
  private Hosts() {}

  /**
   * Whether {@code s} is {@code host [":" port]}: an IP literal in brackets or a reg-name made of
   * unreserved characters, percent-escapes and sub-delimiters other than the comma. Userinfo,
   * paths, lists and whitespace are refused.
   */
  static boolean isValidAuthority(String s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    int i = 0;
    if (s.charAt(0) == '[') {
      int close = s.indexOf(']');
      if (close < 2) {
        return false;
      }
      for (int k = 1; k < close; k++) {
        char c = s.charAt(k);
        if (!(isHex(c) || c == ':' || c == '.' || c == 'v' || c == 'V')) {
          return false;
        }
      }
      i = close + 1;
    } else {
      while (i < n && s.charAt(i) != ':') {
        char c = s.charAt(i);
        if (c == '%') {
          if (i + 2 >= n || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
            return false;
          }
          i += 3;
          continue;
        }
        if (!isRegNameChar(c)) {
          return false;
        }
        i++;
      }
      if (i == 0) {
        return false;
      }
    }
    if (i == n) {
      return true;
    }
    if (s.charAt(i) != ':') {
      return false;
    }
    int ports = i + 1;
    if (n - ports > 5) {
      return false;
    }
    for (int k = ports; k < n; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  // unreserved and sub-delims (RFC 3986 §3.2.2), by ASCII code
  private static final boolean[] REG_NAME = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      REG_NAME[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+;=".indexOf(c) >= 0;
    }
  }

  private static boolean isRegNameChar(char c) {
    return c < 128 && REG_NAME[c];
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Splits an absolute-form target {@code http://authority/path?query} into its path (never empty)
   * and query (or null). Returns null if the target is not absolute-form with an http or https
   * scheme.
   */
  static String[] splitAbsoluteForm(String target) {
    int colon = target.indexOf("://");
    if (colon <= 0) {
      return null;
    }
    String scheme = target.substring(0, colon);
    if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
      return null;
    }
    int as = colon + 3;
    int ae = as;
    while (ae < target.length() && "/?#".indexOf(target.charAt(ae)) < 0) {
      ae++;
    }
    if (!isValidAuthority(target.substring(as, ae))) {
      return null;
    }
    if (target.indexOf('#', ae) >= 0) {
      return null;
    }
    String rest = target.substring(ae);
    int q = rest.indexOf('?');
    String path = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? null : rest.substring(q + 1);
    return new String[] {path.isEmpty() ? "/" : path, query};
  }
}

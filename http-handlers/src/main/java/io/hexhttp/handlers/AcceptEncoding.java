package io.hexhttp.handlers;

import io.hexhttp.core.Headers;

/**
 * The {@code Accept-Encoding} field (RFC 9110 §12.5.3): a list of codings with optional {@code q}
 * weights, across any number of field lines. A coding is acceptable if it is listed with a weight
 * above 0, or if {@code *} is (with a weight above 0) and the coding is not listed itself. {@code
 * identity} is acceptable unless refused.
 */
public final class AcceptEncoding {
  private AcceptEncoding() {}

  /** The weight given to {@code coding} (0 to 1000, in thousandths), or -1 if not mentioned. */
  static int weight(Headers headers, String coding) {
    if (!headers.contains("Accept-Encoding")) {
      return -1;
    }
    int star = -1;
    for (String element : headers.elements("Accept-Encoding")) {
      int semi = element.indexOf(';');
      String name = (semi < 0 ? element : element.substring(0, semi)).strip();
      int q = semi < 0 ? 1000 : parseWeight(element.substring(semi + 1));
      if (q < 0) {
        continue; // a malformed element is ignored
      }
      if (name.equalsIgnoreCase(coding) || isAlias(name, coding)) {
        return q;
      }
      if (name.equals("*")) {
        star = q;
      }
    }
    return star;
  }

  /** Whether the request's {@code Accept-Encoding} accepts {@code coding}. */
  public static boolean accepts(Headers headers, String coding) {
    return weight(headers, coding) > 0;
  }

  private static boolean isAlias(String name, String coding) {
    return coding.equalsIgnoreCase("gzip") && name.equalsIgnoreCase("x-gzip");
  }

  /** Parses {@code q=0.5}-style parameters; returns thousandths, or -1 when malformed. */
  static int parseWeight(String params) {
    int q = 1000;
    for (String p : params.split(";")) {
      String param = p.strip();
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      if (eq < 0) {
        return -1;
      }
      if (!param.substring(0, eq).strip().equalsIgnoreCase("q")) {
        continue;
      }
      q = parseQvalue(param.substring(eq + 1).strip());
      if (q < 0) {
        return -1;
      }
    }
    return q;
  }

  // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
  private static int parseQvalue(String v) {
    if (v.isEmpty() || v.length() > 5) {
      return -1;
    }
    char lead = v.charAt(0);
    if (lead != '0' && lead != '1') {
      return -1;
    }
    int value = (lead - '0') * 1000;
    if (v.length() == 1) {
      return value;
    }
    if (v.charAt(1) != '.') {
      return -1;
    }
    int scale = 100;
    for (int i = 2; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value += (c - '0') * scale;
      scale /= 10;
    }
    return value > 1000 ? -1 : value;
  }
}

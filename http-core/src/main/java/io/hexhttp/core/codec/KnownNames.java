package io.hexhttp.core.codec;

import io.hexhttp.core.Method;
import io.hexhttp.core.internal.Ascii;
import java.nio.charset.StandardCharsets;

/** Interned methods and field names, so the parser allocates no string for the common ones. */
final class KnownNames {
  private static final Method[] METHODS = {
    Method.GET,
    Method.POST,
    Method.HEAD,
    Method.PUT,
    Method.DELETE,
    Method.OPTIONS,
    Method.PATCH,
    Method.TRACE,
    Method.CONNECT
  };
  private static final byte[][] METHOD_BYTES = bytesOf(METHODS);

  private static final String[] FIELD_NAMES = {
    "Host",
    "User-Agent",
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Connection",
    "Content-Length",
    "Content-Type",
    "Transfer-Encoding",
    "Expect",
    "Cookie",
    "Referer",
    "Cache-Control",
    "Upgrade-Insecure-Requests",
    "Origin",
    "Authorization",
    "Pragma",
    "If-None-Match",
    "If-Modified-Since",
    "Range",
    "TE",
    "Keep-Alive",
    "X-Forwarded-For",
    "X-Forwarded-Proto",
    "X-Real-IP",
    "Sec-Fetch-Mode",
    "Sec-Fetch-Site",
    "Sec-Fetch-Dest",
    "Priority",
    "host",
    "user-agent",
    "accept",
    "accept-encoding",
    "connection",
    "content-length",
    "content-type",
    "transfer-encoding",
    "expect"
  };
  private static final byte[][] FIELD_BYTES = new byte[FIELD_NAMES.length][];

  private static final String[] TRANSFER_CODINGS = {
    "chunked", "gzip", "x-gzip", "deflate", "compress", "x-compress"
  };

  static {
    for (int i = 0; i < FIELD_NAMES.length; i++) {
      FIELD_BYTES[i] = FIELD_NAMES[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  private KnownNames() {}

  private static byte[][] bytesOf(Method[] methods) {
    byte[][] out = new byte[methods.length][];
    for (int i = 0; i < methods.length; i++) {
      out[i] = methods[i].name().getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }

  /**
   * The method spelled by {@code b[s..e)}, which holds tchars only.
   *
   * @param b the value
   * @param s the text
   * @param e the end index
   * @return the method spelled by {@code b[s..e)}, which holds tchars only
   */
  public static Method method(byte[] b, int s, int e) {
    for (int i = 0; i < METHOD_BYTES.length; i++) {
      if (regionEquals(METHOD_BYTES[i], b, s, e)) {
        return METHODS[i];
      }
    }
    return Method.of(new String(b, s, e - s, StandardCharsets.US_ASCII));
  }

  /**
   * The field name spelled by {@code b[s..e)}, which holds tchars only.
   *
   * @param b the value
   * @param s the text
   * @param e the end index
   * @return the field name spelled by {@code b[s..e)}, which holds tchars only
   */
  public static String fieldName(byte[] b, int s, int e) {
    for (int i = 0; i < FIELD_BYTES.length; i++) {
      if (regionEquals(FIELD_BYTES[i], b, s, e)) {
        return FIELD_NAMES[i];
      }
    }
    return new String(b, s, e - s, StandardCharsets.US_ASCII);
  }

  /**
   * Whether {@code name} is a registered transfer coding (RFC 9112 §7), ignoring case.
   *
   * @param name the name
   * @return whether {@code name} is a registered transfer coding (RFC 9112 §7), ignoring case
   */
  public static boolean isTransferCoding(String name) {
    for (String t : TRANSFER_CODINGS) {
      if (Ascii.equalsIgnoreCase(t, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean regionEquals(byte[] known, byte[] b, int s, int e) {
    if (known.length != e - s) {
      return false;
    }
    for (int i = 0; i < known.length; i++) {
      if (known[i] != b[s + i]) {
        return false;
      }
    }
    return true;
  }
}

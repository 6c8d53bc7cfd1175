package io.hexhttp.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads {@code application/x-www-form-urlencoded} request bodies, bounded. */
public final class Forms {
  /** The default bound on a form body: 64 KiB. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  private Forms() {}

  /**
   * The fields of a URL-encoded form body, at most {@link #DEFAULT_MAX_BYTES}.
   *
   * @param request the request, its body unread
   * @return the fields, in order
   * @throws HttpException 415 when the body is not {@code application/x-www-form-urlencoded}, 413
   *     when it is larger than the bound, 400 when it is malformed
   * @throws IOException if the body cannot be read
   */
  public static Parameters read(HttpRequest request) throws IOException {
    return read(request, DEFAULT_MAX_BYTES);
  }

  /**
   * The fields of a URL-encoded form body of at most {@code maxBytes}.
   *
   * @param request the request, its body unread
   * @param maxBytes the largest body accepted
   * @return the fields, in order
   * @throws HttpException 415 when the body is not {@code application/x-www-form-urlencoded}, 413
   *     when it is larger than {@code maxBytes}, 400 when it is malformed
   * @throws IOException if the body cannot be read
   */
  public static Parameters read(HttpRequest request, int maxBytes) throws IOException {
    String type = request.header("Content-Type");
    if (type == null
        || !type.strip().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw new HttpException(
          Status.UNSUPPORTED_MEDIA_TYPE, "expected application/x-www-form-urlencoded");
    }
    long declared = request.body().length();
    if (declared > maxBytes) {
      throw new HttpException(
          Status.CONTENT_TOO_LARGE, "the form is larger than " + maxBytes + " bytes");
    }
    byte[] bytes;
    try (InputStream in = request.body().stream()) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      throw new HttpException(
          Status.CONTENT_TOO_LARGE, "the form is larger than " + maxBytes + " bytes");
    }
    for (byte b : bytes) {
      if (b < 0x20 || b == 0x7f) {
        throw HttpException.badRequest("a form body has a control or non-ASCII byte");
      }
    }
    return Parameters.parse(new String(bytes, StandardCharsets.US_ASCII));
  }
}

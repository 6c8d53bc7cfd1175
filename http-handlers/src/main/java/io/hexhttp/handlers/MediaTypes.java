package io.hexhttp.handlers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code Content-Type} from a file name's extension: the web's common types, text types with {@code
 * charset=utf-8}, {@code application/octet-stream} for anything else. Immutable; {@link #with} adds
 * or overrides a type.
 */
public final class MediaTypes {
  /** The type of content nothing more is known about (RFC 9110 §8.3). */
  public static final String OCTET_STREAM = "application/octet-stream";

  private static final String UTF8 = "; charset=utf-8";

  /** The common types: html, css, js/mjs, json, svg, images, fonts, wasm, text, media, maps. */
  public static final MediaTypes DEFAULT =
      new MediaTypes(
          Map.ofEntries(
              Map.entry("html", "text/html" + UTF8),
              Map.entry("htm", "text/html" + UTF8),
              Map.entry("css", "text/css" + UTF8),
              Map.entry("js", "text/javascript" + UTF8),
              Map.entry("mjs", "text/javascript" + UTF8),
              Map.entry("json", "application/json"),
              Map.entry("map", "application/json"),
              Map.entry("webmanifest", "application/manifest+json"),
              Map.entry("svg", "image/svg+xml"),
              Map.entry("png", "image/png"),
              Map.entry("jpg", "image/jpeg"),
              Map.entry("jpeg", "image/jpeg"),
              Map.entry("gif", "image/gif"),
              Map.entry("webp", "image/webp"),
              Map.entry("avif", "image/avif"),
              Map.entry("ico", "image/vnd.microsoft.icon"),
              Map.entry("woff", "font/woff"),
              Map.entry("woff2", "font/woff2"),
              Map.entry("ttf", "font/ttf"),
              Map.entry("otf", "font/otf"),
              Map.entry("wasm", "application/wasm"),
              Map.entry("txt", "text/plain" + UTF8),
              Map.entry("md", "text/markdown" + UTF8),
              Map.entry("csv", "text/csv" + UTF8),
              Map.entry("xml", "application/xml"),
              Map.entry("pdf", "application/pdf"),
              Map.entry("zip", "application/zip"),
              Map.entry("gz", "application/gzip"),
              Map.entry("mp3", "audio/mpeg"),
              Map.entry("ogg", "audio/ogg"),
              Map.entry("wav", "audio/wav"),
              Map.entry("mp4", "video/mp4"),
              Map.entry("webm", "video/webm")));

  private final Map<String, String> byExtension;

  private MediaTypes(Map<String, String> byExtension) {
    this.byExtension = Map.copyOf(byExtension);
  }

  /**
   * These types, with {@code extension} mapped to {@code type}.
   *
   * @param extension without the dot, any case (e.g. {@code "md"})
   * @param type the full field value (e.g. {@code "text/markdown; charset=utf-8"})
   * @return a new table
   */
  public MediaTypes with(String extension, String type) {
    Map<String, String> more = new HashMap<>(byExtension);
    more.put(extension.toLowerCase(Locale.ROOT), Objects.requireNonNull(type));
    return new MediaTypes(more);
  }

  /**
   * The type of a file by its name.
   *
   * @param fileName e.g. {@code app.js}
   * @return its {@code Content-Type}, or {@link #OCTET_STREAM} when the extension is unknown
   */
  public String of(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0 || dot == fileName.length() - 1) {
      return OCTET_STREAM;
    }
    return byExtension.getOrDefault(
        fileName.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
  }

  /**
   * Whether a type is worth compressing: not already compressed (images other than SVG, audio,
   * video, archives, woff/woff2) and not opaque octets.
   *
   * @param contentType a {@code Content-Type} value, parameters allowed; null (undeclared) counts
   *     as compressible
   * @return true for text, JSON, XML, SVG, JavaScript, wasm and the like
   */
  public static boolean compressible(String contentType) {
    if (contentType == null || contentType.regionMatches(true, 0, "text/", 0, 5)) {
      return true; // (text/ first: most answers are text, and this spares the scans below)
    }
    // the type without parameters or surrounding whitespace, compared without allocating first
    int s = 0;
    int e = contentType.indexOf(';');
    e = e < 0 ? contentType.length() : e;
    while (s < e && Character.isWhitespace(contentType.charAt(s))) {
      s++;
    }
    while (e > s && Character.isWhitespace(contentType.charAt(e - 1))) {
      e--;
    }
    if (contentType.regionMatches(true, s, "text/", 0, 5)
        || contentType.regionMatches(true, e - 5, "+json", 0, 5)
        || contentType.regionMatches(true, e - 4, "+xml", 0, 4)) {
      return true;
    }
    return switch (contentType.substring(s, e).toLowerCase(Locale.ROOT)) {
      case "application/json",
          "application/xml",
          "application/javascript",
          "application/wasm",
          "application/manifest+json",
          "image/svg+xml",
          "image/vnd.microsoft.icon",
          "font/ttf",
          "font/otf" ->
          true;
      default -> false;
    };
  }
}

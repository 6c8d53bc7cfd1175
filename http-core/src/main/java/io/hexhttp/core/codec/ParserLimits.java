package io.hexhttp.core.codec;

/**
 * The bounds the parser enforces, each answered with its status when exceeded.
 *
 * @param maxRequestLineLength bytes in the request line, CRLF excluded (414)
 * @param maxHeaderBytes bytes in the whole header section, and separately in a chunked body's
 *     trailer section (431)
 * @param maxHeaderCount field lines in the header section (431)
 * @param maxBodySize bytes of content, declared or chunked (413)
 * @param maxChunkLineLength bytes in a chunk-size line with its extensions (400)
 */
public record ParserLimits(
    int maxRequestLineLength,
    int maxHeaderBytes,
    int maxHeaderCount,
    long maxBodySize,
    int maxChunkLineLength) {

  /** 8 KiB request line, 32 KiB of headers in at most 100 lines, 2 GiB of content. */
  public static final ParserLimits DEFAULT =
      new ParserLimits(8 * 1024, 32 * 1024, 100, 2L << 30, 4096);

  /** Checks that every limit is positive. */
  public ParserLimits {
    if (maxRequestLineLength < 16
        || maxHeaderBytes < 64
        || maxHeaderCount < 1
        || maxBodySize < 0
        || maxChunkLineLength < 16) {
      throw new IllegalArgumentException("limits too small: " + this);
    }
  }

  /**
   * These limits with another body limit.
   *
   * @param bytes the bytes
   * @return the new limits
   */
  public ParserLimits withMaxBodySize(long bytes) {
    return new ParserLimits(
        maxRequestLineLength, maxHeaderBytes, maxHeaderCount, bytes, maxChunkLineLength);
  }
}

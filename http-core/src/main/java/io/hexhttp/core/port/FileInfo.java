package io.hexhttp.core.port;

import java.util.Objects;

/**
 * What a {@link FileStore} knows of one entry: enough to answer conditional and range requests
 * without opening the file.
 *
 * @param directory whether the entry is a directory (its other fields then mean nothing)
 * @param length the file's length in bytes
 * @param lastModified when the file was last changed, in milliseconds since the epoch
 * @param etag a strong entity tag, quotes included (e.g. {@code "1a2b-3c"}), that changes whenever
 *     the content may have
 */
public record FileInfo(boolean directory, long length, long lastModified, String etag) {
  /**
   * Checks the values.
   *
   * @param directory whether the entry is a directory
   * @param length the file's length
   * @param lastModified the modification time, in epoch milliseconds
   * @param etag the strong entity tag, quoted
   */
  public FileInfo {
    Objects.requireNonNull(etag);
    if (length < 0) {
      throw new IllegalArgumentException("length: " + length);
    }
    if (!directory && (etag.length() < 2 || etag.charAt(0) != '"' || !etag.endsWith("\""))) {
      throw new IllegalArgumentException("an entity tag is quoted: " + etag);
    }
  }

  /**
   * The info of a regular file.
   *
   * @param length its length
   * @param lastModified its modification time, in epoch milliseconds
   * @param etag its strong entity tag, quoted
   * @return the info
   */
  public static FileInfo file(long length, long lastModified, String etag) {
    return new FileInfo(false, length, lastModified, etag);
  }

  /**
   * The info of a directory.
   *
   * @return the info
   */
  public static FileInfo ofDirectory() {
    return new FileInfo(true, 0, 0, "");
  }
}

package io.hexhttp.core.port;

import io.hexhttp.core.Body;
import java.util.Objects;

/**
 * A file opened from a {@link FileStore}: its content and the info of exactly the version opened (a
 * file replaced meanwhile does not change either).
 *
 * @param info the version's length, modification time and entity tag
 * @param body the content, streamed; whoever writes it closes it
 */
public record StoredFile(FileInfo info, Body body) {
  /**
   * Checks the values.
   *
   * @param info the info
   * @param body the content
   */
  public StoredFile {
    Objects.requireNonNull(info);
    Objects.requireNonNull(body);
  }
}

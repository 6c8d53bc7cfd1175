package io.hexhttp.core.port;

import io.hexhttp.core.Body;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The outbound port for the files use case: named blobs in one flat namespace. The adapter
 * decides where they live (a directory, memory, ...).
 *
 * <p>Contract: {@link #read} never returns a partial file; {@link #write} is atomic (a concurrent
 * reader sees the old content or the new, never a mix, and a write that fails, for example
 * because the content stream ends early, leaves the old content, or no file, in place).
 */
public interface FileStore {
  /**
   * The content stored under {@code name}, streamed (not loaded into memory), or empty if there
   * is none.
   */
  Optional<Body> read(FileName name) throws IOException;

  /**
   * Stores everything {@code content} yields under {@code name}, replacing what was there, and
   * returns the number of bytes stored. Returns only once the content is durable.
   *
   * @throws IOException if the content stream fails; nothing is then stored
   */
  long write(FileName name, InputStream content) throws IOException;
}

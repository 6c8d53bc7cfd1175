package io.hexhttp.core.port;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The outbound port for stored files: a tree of named files and directories. The adapter decides
 * where they live (a directory, memory, ...).
 *
 * <p>Contract: {@link #open} never returns a partial file; {@link #write} is atomic (a concurrent
 * reader sees the old content or the new, never a mix, and a write that fails, for example because
 * the content stream ends early, leaves the old content, or no file, in place). Names the store
 * reserves for itself are absent to readers.
 */
public interface FileStore {
  /**
   * What is stored at {@code path}, without opening it.
   *
   * @param path the path
   * @return a file's or a directory's info, or empty if there is nothing there
   * @throws IOException if the store cannot be read
   */
  Optional<FileInfo> info(FilePath path) throws IOException;

  /**
   * Opens the file at {@code path} for reading, streamed (not loaded into memory).
   *
   * @param path the path
   * @return the content with the info of the version opened, or empty if there is no regular file
   *     there
   * @throws IOException if the store cannot be read
   */
  Optional<StoredFile> open(FilePath path) throws IOException;

  /**
   * The names in the directory at {@code path}, sorted, directories with a trailing {@code /}.
   *
   * @param path the directory
   * @return the names, or empty if there is no directory there
   * @throws IOException if the store cannot be read
   */
  Optional<List<String>> list(FilePath path) throws IOException;

  /**
   * Stores everything {@code content} yields under {@code name}, replacing what was there, if
   * {@code precondition} holds for what is there at the moment the new content takes its place;
   * returns only once the content is durable.
   *
   * <p>The precondition is evaluated atomically with the replacement: no other write through this
   * store (in this process or another one over the same storage) can come between them.
   *
   * @param name where to store it, directly under the root
   * @param content the bytes to store, read to their end
   * @param precondition tested against the current file's info (empty if there is none)
   * @return the stored version's info, or empty if the precondition did not hold (nothing was
   *     stored)
   * @throws IOException if the content stream fails; nothing is then stored
   */
  Optional<FileInfo> write(FileName name, InputStream content, WritePrecondition precondition)
      throws IOException;

  /**
   * Stores everything {@code content} yields under {@code name}, replacing what was there.
   *
   * @param name where to store it
   * @param content the bytes to store
   * @return the stored version's info
   * @throws IOException if the content stream fails; nothing is then stored
   */
  default FileInfo write(FileName name, InputStream content) throws IOException {
    return write(name, content, WritePrecondition.ALWAYS).orElseThrow();
  }

  /** A condition on the version a write replaces (RFC 9110 §13.1's, evaluated by the caller). */
  @FunctionalInterface
  interface WritePrecondition {
    /** Always holds. */
    WritePrecondition ALWAYS = current -> true;

    /**
     * Whether the write may replace {@code current}.
     *
     * @param current the file there now, or empty if there is none
     * @return true to store
     */
    boolean test(Optional<FileInfo> current);
  }
}

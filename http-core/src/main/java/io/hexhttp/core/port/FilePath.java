package io.hexhttp.core.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A path inside a {@link FileStore}: {@link FileName} segments, so it cannot escape the store (no
 * {@code ..}, no empty segment, no backslash, NUL or control character). No segments at all is the
 * store's root directory.
 *
 * @param segments the names from the store's root down
 */
public record FilePath(List<FileName> segments) {
  /** The store's root directory. */
  public static final FilePath ROOT = new FilePath(List.of());

  /**
   * Checks the path.
   *
   * @param segments the names from the store's root down
   */
  public FilePath {
    segments = List.copyOf(segments);
  }

  /**
   * The path of one name, directly under the store's root.
   *
   * @param name the name
   * @return the path
   */
  public static FilePath of(FileName name) {
    return new FilePath(List.of(name));
  }

  /**
   * Parses a relative path such as {@code css/site.css}: segments separated by {@code /}, each a
   * valid {@link FileName}; the empty string is the {@link #ROOT}.
   *
   * @param relative the path, without a leading slash
   * @return the path, or empty if a segment is empty or invalid
   */
  public static Optional<FilePath> parse(String relative) {
    if (relative.isEmpty()) {
      return Optional.of(ROOT);
    }
    List<FileName> names = new ArrayList<>();
    int start = 0;
    while (true) {
      int slash = relative.indexOf('/', start);
      String segment = slash < 0 ? relative.substring(start) : relative.substring(start, slash);
      Optional<FileName> name = FileName.parse(segment);
      if (name.isEmpty()) {
        return Optional.empty();
      }
      names.add(name.get());
      if (slash < 0) {
        return Optional.of(new FilePath(names));
      }
      start = slash + 1;
    }
  }

  /**
   * This path with {@code name} appended.
   *
   * @param name the last segment to add
   * @return the longer path
   */
  public FilePath resolve(FileName name) {
    List<FileName> longer = new ArrayList<>(segments);
    longer.add(Objects.requireNonNull(name));
    return new FilePath(longer);
  }

  /**
   * The last segment.
   *
   * @return the file's own name
   * @throws IllegalStateException for the root, which has none
   */
  public FileName name() {
    if (segments.isEmpty()) {
      throw new IllegalStateException("the root has no name");
    }
    return segments.get(segments.size() - 1);
  }

  /**
   * Whether this is the store's root.
   *
   * @return true when there are no segments
   */
  public boolean isRoot() {
    return segments.isEmpty();
  }

  /**
   * The segments joined with {@code /}.
   *
   * @return the segments joined with {@code /}
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (FileName n : segments) {
      if (!b.isEmpty()) {
        b.append('/');
      }
      b.append(n.value());
    }
    return b.toString();
  }
}

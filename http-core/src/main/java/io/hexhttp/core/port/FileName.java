package io.hexhttp.core.port;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A name in a {@link FileStore}: one path segment that cannot escape the store. Not empty, not
 * {@code .} or {@code ..}, no {@code /}, {@code \}, NUL or other control characters, at most 255
 * bytes in UTF-8.
 *
 * @param value the name
 */
public record FileName(String value) {
  /** Checks the name. */
  public FileName {
    Objects.requireNonNull(value);
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a valid file name");
    }
  }

  /**
   * The name if it is valid.
   *
   * @param value the value
   * @return the name if it is valid
   */
  public static Optional<FileName> parse(String value) {
    return isValid(value) ? Optional.of(new FileName(value)) : Optional.empty();
  }

  /**
   * Whether {@code value} is a valid name.
   *
   * @param value the value
   * @return whether {@code value} is a valid name
   */
  public static boolean isValid(String value) {
    if (value.isEmpty() || value.equals(".") || value.equals("..")) {
      return false;
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > 255) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}

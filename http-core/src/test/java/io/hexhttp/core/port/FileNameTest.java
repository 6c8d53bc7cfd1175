package io.hexhttp.core.port;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNameTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"", ".", "..", "a/b", "/etc", "a\\b", "..\\x", "a\u0000b", "\n", "a\u007f"})
  void refusesNamesThatCouldEscape(String name) {
    assertFalse(FileName.isValid(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a.txt", "...", ".hidden", "caf\u00e9", "x y", "..a"})
  void acceptsPlainNames(String name) {
    assertTrue(FileName.isValid(name));
  }
}

package io.hexhttp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTypesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "text/plain|true",
        "text/html; charset=utf-8|true",
        "'  TEXT/CSS  '|true",
        "application/json|true",
        "Application/JSON ; charset=utf-8|true",
        "application/vnd.api+json|true",
        "application/atom+xml;type=feed|true",
        "image/svg+xml|true",
        "application/wasm|true",
        "font/ttf|true",
        "image/png|false",
        "application/octet-stream|false",
        "video/mp4; codecs=avc1|false",
        "application/zip|false",
        "font/woff2|false",
        "json|false",
        "''|false",
        "+xml|true",
        "' +js'|false",
      })
  void tellsWhichTypesAreWorthCompressing(String type, boolean expected) {
    assertEquals(expected, MediaTypes.compressible(type), type);
  }

  @Test
  void anUndeclaredTypeIsCompressible() {
    assertTrue(MediaTypes.compressible(null));
  }
}

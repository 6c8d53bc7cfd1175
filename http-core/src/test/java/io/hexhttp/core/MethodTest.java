package io.hexhttp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MethodTest {
  @Test
  void aStandardMethodIsAlwaysItsConstant() {
    for (Method m :
        new Method[] {
          Method.GET,
          Method.HEAD,
          Method.POST,
          Method.PUT,
          Method.DELETE,
          Method.CONNECT,
          Method.OPTIONS,
          Method.TRACE,
          Method.PATCH
        }) {
      assertSame(m, Method.of(m.name()));
      assertTrue(m.isStandard());
      assertEquals(m, Method.of(new String(m.name().toCharArray())));
    }
  }

  @Test
  void extensionMethodsAreEqualByTheirCaseSensitiveName() {
    Method brew = Method.of("BREW");
    assertFalse(brew.isStandard());
    assertEquals(brew, Method.of("BREW"));
    assertEquals(brew.hashCode(), Method.of("BREW").hashCode());
    assertNotEquals(brew, Method.of("brew"));
    assertNotEquals(Method.GET, Method.of("get"), "methods are case-sensitive (RFC 9110 §9.1)");
    assertNotEquals(Method.GET, Method.PUT);
    assertNotEquals(Method.GET, brew);
    assertNotEquals(brew, Method.GET);
    assertThrows(IllegalArgumentException.class, () -> Method.of("BR EW"));
  }
}

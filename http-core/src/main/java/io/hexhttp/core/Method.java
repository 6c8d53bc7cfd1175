package io.hexhttp.core;

import io.hexhttp.core.internal.Ascii;

/**
 * A request method (RFC 9110 §9). The standard methods are interned constants; {@link #of(String)}
 * admits any other token, since the method space is open. Methods are case-sensitive.
 */
public final class Method {
  /** {@code GET}. */
  public static final Method GET = new Method("GET", true);

  /** {@code HEAD}. */
  public static final Method HEAD = new Method("HEAD", true);

  /** {@code POST}. */
  public static final Method POST = new Method("POST", true);

  /** {@code PUT}. */
  public static final Method PUT = new Method("PUT", true);

  /** {@code DELETE}. */
  public static final Method DELETE = new Method("DELETE", true);

  /** {@code CONNECT}. */
  public static final Method CONNECT = new Method("CONNECT", true);

  /** {@code OPTIONS}. */
  public static final Method OPTIONS = new Method("OPTIONS", true);

  /** {@code TRACE}. */
  public static final Method TRACE = new Method("TRACE", true);

  /** {@code PATCH}. */
  public static final Method PATCH = new Method("PATCH", true);

  private static final Method[] STANDARD = {
    GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH
  };

  private final String name;
  private final boolean standard;

  // a standard method is only ever its constant (of() returns it): identity decides for those
  private Method(String name, boolean standard) {
    this.name = name;
    this.standard = standard;
  }

  /**
   * Returns the method with this name: the constant for a standard method, otherwise a new value.
   *
   * @throws IllegalArgumentException if the name is not an RFC 9110 token
   * @param name the name
   * @return the method with this name: the constant for a standard method, otherwise a new value
   */
  public static Method of(String name) {
    for (Method m : STANDARD) {
      if (m.name.equals(name)) {
        return m;
      }
    }
    if (name.isEmpty() || !Ascii.isToken(name)) {
      throw new IllegalArgumentException("a method must be a token: " + Ascii.escape(name));
    }
    return new Method(name, false);
  }

  /**
   * Whether this is one of the methods RFC 9110 defines, or PATCH (RFC 5789).
   *
   * @return whether the method is a standard one
   */
  public boolean isStandard() {
    return standard;
  }

  /**
   * The method's name, as sent on the request line.
   *
   * @return the method's name, as sent on the request line
   */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof Method other && !standard && !other.standard && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}

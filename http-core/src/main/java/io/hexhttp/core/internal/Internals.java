package io.hexhttp.core.internal;

import io.hexhttp.core.Headers;

/** Lets the codec build API values without re-validating what it has already checked. */
public final class Internals {
  /** Makes headers from arrays the caller hands over and no longer touches. */
  @FunctionalInterface
  public interface HeadersFactory {
    Headers create(String[] names, String[] values, int size);
  }

  private static volatile HeadersFactory headers;

  private Internals() {}

  /** Called once, by {@link Headers}' static initializer. */
  public static void install(HeadersFactory factory) {
    if (headers == null) {
      headers = factory;
    }
  }

  /** Headers over the given arrays, trusted to hold valid names and values. */
  public static Headers trustedHeaders(String[] names, String[] values, int size) {
    HeadersFactory f = headers;
    if (f == null) {
      Headers.empty(); // runs Headers' static initializer
      f = headers;
    }
    return f.create(names, values, size);
  }
}

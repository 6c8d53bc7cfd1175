package io.hexhttp.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Named values in the order they came, a name possibly repeated: a query string's parameters or an
 * {@code application/x-www-form-urlencoded} body's fields, decoded ({@code +} as a space, then
 * percent-escapes as UTF-8). Typed accessors fail with {@link HttpException} 400, so a handler that
 * reads {@code params.intValue("page")} answers a bad value with 400 without code of its own.
 */
public final class Parameters {
  /** No parameters. */
  public static final Parameters EMPTY = new Parameters(List.of(), List.of());

  private final List<String> names;
  private final List<String> values;

  private Parameters(List<String> names, List<String> values) {
    this.names = names;
    this.values = values;
  }

  /**
   * Parses {@code name=value&name=value} (the URL-encoded form, WHATWG's
   * application/x-www-form-urlencoded): {@code +} is a space, percent-escapes are UTF-8, a member
   * without {@code =} has the empty value, empty members are skipped.
   *
   * @param encoded the query (without its {@code ?}) or the form body; null for none
   * @return the parameters
   * @throws HttpException 400 when a percent-escape is malformed or not UTF-8
   */
  public static Parameters parse(String encoded) {
    if (encoded == null || encoded.isEmpty()) {
      return EMPTY;
    }
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    int start = 0;
    while (start <= encoded.length()) {
      int amp = encoded.indexOf('&', start);
      int end = amp < 0 ? encoded.length() : amp;
      if (end > start) {
        int eq = encoded.indexOf('=', start);
        boolean hasValue = eq >= 0 && eq < end;
        names.add(decode(encoded.substring(start, hasValue ? eq : end)));
        values.add(hasValue ? decode(encoded.substring(eq + 1, end)) : "");
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
    return new Parameters(List.copyOf(names), List.copyOf(values));
  }

  private static String decode(String s) {
    return PercentEncoding.decode(s.indexOf('+') < 0 ? s : s.replace('+', ' '));
  }

  /**
   * Parameters built from pairs, for tests.
   *
   * @param namesAndValues name, value, name, value, ...
   * @return the parameters
   */
  public static Parameters of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      names.add(Objects.requireNonNull(namesAndValues[i]));
      values.add(Objects.requireNonNull(namesAndValues[i + 1]));
    }
    return new Parameters(List.copyOf(names), List.copyOf(values));
  }

  /**
   * The first value of {@code name}.
   *
   * @param name the parameter's name, case-sensitive
   * @return its first value, or empty when absent
   */
  public Optional<String> first(String name) {
    int i = names.indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(values.get(i));
  }

  /**
   * Every value of {@code name}, in order.
   *
   * @param name the parameter's name
   * @return its values, empty when absent
   */
  public List<String> all(String name) {
    List<String> out = new ArrayList<>(1);
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(name)) {
        out.add(values.get(i));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The first value of a parameter the request must have.
   *
   * @param name the parameter's name
   * @return its first value
   * @throws HttpException 400 when it is absent
   */
  public String required(String name) {
    return first(name)
        .orElseThrow(() -> HttpException.badRequest("the parameter " + name + " is missing"));
  }

  /**
   * A parameter as a whole number.
   *
   * @param name the parameter's name
   * @param fallback the value when it is absent
   * @return its first value as an int
   * @throws HttpException 400 when present but not a decimal int
   */
  public int intValue(String name, int fallback) {
    Optional<String> v = first(name);
    return v.isEmpty()
        ? fallback
        : (int) number(name, v.get(), Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /**
   * A required parameter as a whole number.
   *
   * @param name the parameter's name
   * @return its first value as an int
   * @throws HttpException 400 when absent or not a decimal int
   */
  public int intValue(String name) {
    return (int) number(name, required(name), Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /**
   * A required parameter as a long.
   *
   * @param name the parameter's name
   * @return its first value as a long
   * @throws HttpException 400 when absent or not a decimal long
   */
  public long longValue(String name) {
    return number(name, required(name), Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * A parameter as a flag: {@code true}, {@code on}, {@code yes}, {@code 1} or {@code false},
   * {@code off}, {@code no}, {@code 0} (any case); a name without a value counts as true.
   *
   * @param name the parameter's name
   * @param fallback the value when it is absent
   * @return the flag
   * @throws HttpException 400 when present but none of those
   */
  public boolean booleanValue(String name, boolean fallback) {
    Optional<String> v = first(name);
    if (v.isEmpty()) {
      return fallback;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "", "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default -> throw HttpException.badRequest("the parameter " + name + " is not true or false");
    };
  }

  private static long number(String name, String v, long min, long max) {
    try {
      long n = Long.parseLong(v.strip());
      if (n < min || n > max) {
        throw HttpException.badRequest("the parameter " + name + " is out of range");
      }
      return n;
    } catch (NumberFormatException e) {
      throw HttpException.badRequest("the parameter " + name + " is not a whole number");
    }
  }

  /**
   * The distinct names, in order of first appearance.
   *
   * @return the names
   */
  public Set<String> names() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(names));
  }

  /**
   * How many name-value pairs there are.
   *
   * @return the count, repeated names included
   */
  public int size() {
    return names.size();
  }

  /**
   * Whether there are none.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return names.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Parameters p && names.equals(p.names) && values.equals(p.values);
  }

  @Override
  public int hashCode() {
    return names.hashCode() * 31 + values.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Parameters[");
    for (int i = 0; i < names.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(values.get(i));
    }
    return b.append(']').toString();
  }
}

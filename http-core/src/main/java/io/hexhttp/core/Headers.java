package io.hexhttp.core;

import io.hexhttp.core.internal.Ascii;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered, multi-valued collection of header fields whose names compare
 * case-insensitively (RFC 9110 §5). Field lines keep the order they were added in; names keep the
 * case they were given.
 */
public final class Headers {
  private static final String[] NONE = new String[0];
  private static final Headers EMPTY = new Headers(NONE, NONE, 0);

  // names[i] and values[i] form field line i; arrays may be longer than size
  private final String[] names;
  private final String[] values;
  private final int size;
  // the first set derived from this one by with(): a constant set (a handler's text/plain, say)
  // gets the same line added to every answer (a filter's Vary), and is then copied once. Set once
  // and never again, so a set every thread shares is not written on each answer (its cache line
  // would move between cores); racy on purpose, as String's hash: Headers are immutable, safely
  // published, and two threads that both set it set equal sets
  private Headers firstWith;

  private Headers(String[] names, String[] values, int size) {
    this.names = names;
    this.values = values;
    this.size = size;
  }

  /**
   * No header fields.
   *
   * @return the empty headers
   */
  public static Headers empty() {
    return EMPTY;
  }

  /**
   * Headers from name-value pairs: {@code Headers.of("Content-Type", "text/plain")}.
   *
   * @param namesAndValues name, value, name, value, ...
   * @return the headers
   */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    Builder b = builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  /**
   * A builder that validates names (tokens) and values (no CR, LF, NUL or other controls).
   *
   * @return a builder that validates names (tokens) and values (no CR, LF, NUL or other controls)
   */
  public static Builder builder() {
    return builder(8);
  }

  /**
   * A validating builder with room for {@code expectedLines} field lines before it grows.
   *
   * @param expectedLines how many lines are expected (at least one is made room for)
   * @return the builder
   */
  public static Builder builder(int expectedLines) {
    return new Builder(Math.max(1, expectedLines));
  }

  /**
   * The number of field lines.
   *
   * @return the number of field lines
   */
  public int size() {
    return size;
  }

  /**
   * Whether there are no field lines.
   *
   * @return whether there are no field lines
   */
  public boolean isEmpty() {
    return size == 0;
  }

  /**
   * The name of field line {@code i}, in the case it was given.
   *
   * @param i the i
   * @return the name of field line {@code i}, in the case it was given
   */
  public String name(int i) {
    Objects.checkIndex(i, size);
    return names[i];
  }

  /**
   * The value of field line {@code i}.
   *
   * @param i the i
   * @return the value of field line {@code i}
   */
  public String value(int i) {
    Objects.checkIndex(i, size);
    return values[i];
  }

  /**
   * Whether some field line has this name.
   *
   * @param name the name
   * @return whether some field line has this name
   */
  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  /**
   * The value of the first field line with this name.
   *
   * @param name the name
   * @return the value of the first field line with this name
   */
  public Optional<String> first(String name) {
    int i = indexOf(name, 0);
    return i < 0 ? Optional.empty() : Optional.of(values[i]);
  }

  /**
   * The value of the first field line with this name, or {@code null}; for hot paths.
   *
   * @param name the name
   * @return the value of the first field line with this name, or {@code null}; for hot paths
   */
  public String firstOrNull(String name) {
    int i = indexOf(name, 0);
    return i < 0 ? null : values[i];
  }

  /**
   * The values of every field line with this name, in order.
   *
   * @param name the name
   * @return the values of every field line with this name, in order
   */
  public List<String> all(String name) {
    List<String> out = new ArrayList<>(2);
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      out.add(values[i]);
    }
    return List.copyOf(out);
  }

  /**
   * How many field lines have this name.
   *
   * @param name the name
   * @return how many field lines have this name
   */
  public int count(String name) {
    int n = 0;
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * The comma-separated list elements of every field line with this name, trimmed, empty elements
   * dropped (RFC 9110 §5.6.1). Quoted strings are not split.
   *
   * @param name the name
   * @return the comma-separated list elements of every field line with this name, trimmed, empty
   *     elements dropped (RFC 9110 §5.6.1)
   */
  public List<String> elements(String name) {
    List<String> out = new ArrayList<>(4);
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      splitList(values[i], out);
    }
    return out;
  }

  /**
   * Whether the list-valued field {@code name} has the element {@code token}, ignoring case.
   *
   * @param name the name
   * @param token the token
   * @return whether the list-valued field {@code name} has the element {@code token}, ignoring case
   */
  public boolean hasElement(String name, String token) {
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      String v = values[i];
      if (Ascii.equalsIgnoreCase(v, token)) {
        return true;
      }
      if (v.indexOf(',') >= 0 || v.indexOf(' ') >= 0 || v.indexOf('\t') >= 0) {
        for (String e : splitList(v, new ArrayList<>(4))) {
          if (Ascii.equalsIgnoreCase(e, token)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Calls {@code action} with each field line's name and value, in order.
   *
   * @param action the action
   */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < size; i++) {
      action.accept(names[i], values[i]);
    }
  }

  /**
   * These headers with one more field line at the end.
   *
   * @param name the name
   * @param value the value
   * @return the new headers
   */
  public Headers with(String name, String value) {
    Headers first = firstWith;
    if (first != null && first.names[size].equals(name) && first.values[size].equals(value)) {
      return first; // (checked when it was made)
    }
    if (!Ascii.isToken(name)) {
      throw new IllegalArgumentException("not a field name: " + Ascii.escape(name));
    }
    if (!Ascii.isFieldValue(value)) {
      throw new IllegalArgumentException("not a field value: " + Ascii.escape(value));
    }
    String[] n = Arrays.copyOf(names, size + 1);
    String[] v = Arrays.copyOf(values, size + 1);
    n[size] = name;
    v[size] = value;
    Headers derived = new Headers(n, v, size + 1);
    if (first == null) {
      firstWith = derived;
    }
    return derived;
  }

  /**
   * These headers with every {@code name} line replaced by one line {@code name: value}.
   *
   * @param name the name
   * @param value the value
   * @return the new headers
   */
  public Headers withReplaced(String name, String value) {
    return toBuilder().set(name, value).build();
  }

  /**
   * These headers without any {@code name} line.
   *
   * @param name the name
   * @return the new headers
   */
  public Headers without(String name) {
    if (!contains(name)) {
      return this;
    }
    return toBuilder().remove(name).build();
  }

  /**
   * A builder holding these headers.
   *
   * @return a builder holding these headers
   */
  public Builder toBuilder() {
    int capacity = Math.max(size + 4, 8);
    return new Builder(Arrays.copyOf(names, capacity), Arrays.copyOf(values, capacity), size);
  }

  private int indexOf(String name, int from) {
    for (int i = from; i < size; i++) {
      if (Ascii.sameName(names[i], name)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> splitList(String value, List<String> out) {
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i <= value.length(); i++) {
      char c = i < value.length() ? value.charAt(i) : ',';
      if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (c == ',' && (!quoted || i == value.length())) {
        String e = value.substring(start, i).strip();
        if (!e.isEmpty()) {
          out.add(e);
        }
        start = i + 1;
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Headers other) || other.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (!Ascii.equalsIgnoreCase(names[i], other.names[i]) || !values[i].equals(other.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < size; i++) {
      h = 31 * h + names[i].toLowerCase(Locale.ROOT).hashCode();
      h = 31 * h + values[i].hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < size; i++) {
      sb.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(values[i]);
    }
    return sb.append('}').toString();
  }

  /** Builds {@link Headers}. Not thread-safe. */
  public static final class Builder {
    private String[] names;
    private String[] values;
    private int size;
    private boolean shared; // the arrays belong to a built Headers too: copy before changing them

    private Builder(int capacity) {
      this(new String[capacity], new String[capacity], 0);
    }

    private Builder(String[] names, String[] values, int size) {
      this.names = names;
      this.values = values;
      this.size = size;
    }

    /**
     * Adds a field line at the end.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder add(String name, String value) {
      if (!Ascii.isToken(name)) {
        throw new IllegalArgumentException("not a field name: " + Ascii.escape(name));
      }
      if (!Ascii.isFieldValue(value)) {
        throw new IllegalArgumentException("not a field value: " + Ascii.escape(value));
      }
      if (size == names.length || shared) {
        own(Math.max(names.length, size * 2));
      }
      names[size] = name;
      values[size] = value;
      size++;
      return this;
    }

    /**
     * Replaces every {@code name} line with one line, placed where the first one was.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder set(String name, String value) {
      for (int i = 0; i < size; i++) {
        if (Ascii.equalsIgnoreCase(names[i], name)) {
          if (!Ascii.isFieldValue(value)) {
            throw new IllegalArgumentException("not a field value: " + Ascii.escape(value));
          }
          if (shared) {
            own(names.length);
          }
          names[i] = name;
          values[i] = value;
          removeFrom(name, i + 1);
          return this;
        }
      }
      return add(name, value);
    }

    /**
     * Removes every {@code name} line.
     *
     * @param name the name
     * @return this builder
     */
    public Builder remove(String name) {
      removeFrom(name, 0);
      return this;
    }

    /**
     * Whether a {@code name} line has been added.
     *
     * @param name the name
     * @return whether a {@code name} line has been added
     */
    public boolean contains(String name) {
      for (int i = 0; i < size; i++) {
        if (Ascii.equalsIgnoreCase(names[i], name)) {
          return true;
        }
      }
      return false;
    }

    /**
     * The number of field lines so far.
     *
     * @return the number of field lines so far
     */
    public int size() {
      return size;
    }

    private void own(int capacity) {
      names = Arrays.copyOf(names, capacity);
      values = Arrays.copyOf(values, capacity);
      shared = false;
    }

    private void removeFrom(String name, int from) {
      if (shared) {
        own(names.length);
      }
      int w = from;
      for (int r = from; r < size; r++) {
        if (!Ascii.equalsIgnoreCase(names[r], name)) {
          names[w] = names[r];
          values[w] = values[r];
          w++;
        }
      }
      for (int i = w; i < size; i++) {
        names[i] = null;
        values[i] = null;
      }
      size = w;
    }

    /**
     * The headers; the builder may go on being used.
     *
     * @return the headers; the builder may go on being used
     */
    public Headers build() {
      if (size == 0) {
        return EMPTY;
      }
      shared = true; // handed over without a copy; a later change copies first
      return new Headers(names, values, size);
    }
  }
}

package io.hexhttp.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code Cookie} field (RFC 6265 §5.4): {@code name=value} pairs separated by {@code ;}.
 */
public final class Cookies {
  private Cookies() {}

  /**
   * The cookies a request carries, in order; when a name repeats, the first one counts (the most
   * specific path comes first, RFC 6265 §5.4). Pairs without {@code =} or with an empty name are
   * skipped, and a value's surrounding double quotes are removed.
   *
   * @param headers the request's fields; every {@code Cookie} line is read
   * @return name to value
   */
  public static Map<String, String> parse(Headers headers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : headers.all("Cookie")) {
      for (String pair : line.split(";")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (!name.isEmpty()) {
          out.putIfAbsent(name, value);
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }
}

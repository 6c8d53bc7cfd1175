package io.hexhttp.core;

import io.hexhttp.core.internal.Ascii;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@code Set-Cookie} field value (RFC 6265 §4.1), checked as it is built: the name must be a
 * token, the value cookie-octets (no space, comma, semicolon, backslash or double quote), the path
 * and domain free of semicolons and controls. Immutable.
 *
 * <pre>{@code
 * response.withCookie(SetCookie.of("session", id).httpOnly().secure().sameSite(SameSite.LAX)
 *     .maxAge(Duration.ofHours(8)).path("/"));
 * }</pre>
 */
public final class SetCookie {
  /** The {@code SameSite} attribute's values. */
  public enum SameSite {
    /** Sent with same-site requests and top-level cross-site navigations. */
    LAX("Lax"),
    /** Sent with same-site requests only. */
    STRICT("Strict"),
    /** Sent with every request; needs {@code Secure}. */
    NONE("None");

    private final String text;

    SameSite(String text) {
      this.text = text;
    }
  }

  private final String name;
  private final String value;
  private final Long maxAge;
  private final Instant expires;
  private final String path;
  private final String domain;
  private final boolean secure;
  private final boolean httpOnly;
  private final SameSite sameSite;

  private SetCookie(
      String name,
      String value,
      Long maxAge,
      Instant expires,
      String path,
      String domain,
      boolean secure,
      boolean httpOnly,
      SameSite sameSite) {
    this.name = name;
    this.value = value;
    this.maxAge = maxAge;
    this.expires = expires;
    this.path = path;
    this.domain = domain;
    this.secure = secure;
    this.httpOnly = httpOnly;
    this.sameSite = sameSite;
  }

  /**
   * A cookie with a name and a value, and no attributes yet.
   *
   * @param name a token (letters, digits and {@code !#$%&'*+-.^_`|~})
   * @param value cookie-octets, possibly empty
   * @return the cookie
   * @throws IllegalArgumentException when the name or value is not allowed
   */
  public static SetCookie of(String name, String value) {
    if (name == null || !Ascii.isToken(name)) {
      throw new IllegalArgumentException("a cookie name is a token: " + name);
    }
    Objects.requireNonNull(value);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
        throw new IllegalArgumentException("a cookie value has a character it may not: " + (int) c);
      }
    }
    return new SetCookie(name, value, null, null, null, null, false, false, null);
  }

  /**
   * A cookie that deletes {@code name} at the client: an empty value, {@code Max-Age=0}.
   *
   * @param name the cookie to delete
   * @return the cookie
   */
  public static SetCookie delete(String name) {
    return of(name, "").maxAge(Duration.ZERO);
  }

  private static String attribute(String what, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 || c == 0x7f || c == ';') {
        throw new IllegalArgumentException(what + " has a character it may not: " + (int) c);
      }
    }
    return v;
  }

  /**
   * With {@code Max-Age}: the cookie expires this long after it is received.
   *
   * @param age zero or more; zero deletes it
   * @return a new cookie
   */
  public SetCookie maxAge(Duration age) {
    if (age.isNegative()) {
      throw new IllegalArgumentException("Max-Age is not negative");
    }
    return new SetCookie(
        name, value, age.toSeconds(), expires, path, domain, secure, httpOnly, sameSite);
  }

  /**
   * With {@code Expires}: the cookie expires at this instant.
   *
   * @param when the instant
   * @return a new cookie
   */
  public SetCookie expires(Instant when) {
    return new SetCookie(
        name,
        value,
        maxAge,
        Objects.requireNonNull(when),
        path,
        domain,
        secure,
        httpOnly,
        sameSite);
  }

  /**
   * With {@code Path}.
   *
   * @param p e.g. {@code /}
   * @return a new cookie
   */
  public SetCookie path(String p) {
    return new SetCookie(
        name, value, maxAge, expires, attribute("Path", p), domain, secure, httpOnly, sameSite);
  }

  /**
   * With {@code Domain}.
   *
   * @param d e.g. {@code example.com}
   * @return a new cookie
   */
  public SetCookie domain(String d) {
    return new SetCookie(
        name, value, maxAge, expires, path, attribute("Domain", d), secure, httpOnly, sameSite);
  }

  /**
   * With {@code Secure}: sent over HTTPS only.
   *
   * @return a new cookie
   */
  public SetCookie secure() {
    return new SetCookie(name, value, maxAge, expires, path, domain, true, httpOnly, sameSite);
  }

  /**
   * With {@code HttpOnly}: not readable by scripts.
   *
   * @return a new cookie
   */
  public SetCookie httpOnly() {
    return new SetCookie(name, value, maxAge, expires, path, domain, secure, true, sameSite);
  }

  /**
   * With {@code SameSite}.
   *
   * @param s the policy; {@link SameSite#NONE} needs {@link #secure()} too, which browsers enforce
   * @return a new cookie
   */
  public SetCookie sameSite(SameSite s) {
    return new SetCookie(
        name, value, maxAge, expires, path, domain, secure, httpOnly, Objects.requireNonNull(s));
  }

  /**
   * The cookie's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The cookie's value.
   *
   * @return the value
   */
  public String value() {
    return value;
  }

  /**
   * The field value, e.g. {@code id=42; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax}.
   *
   * @return the field value, e.g
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(name).append('=').append(value);
    if (path != null) {
      b.append("; Path=").append(path);
    }
    if (domain != null) {
      b.append("; Domain=").append(domain);
    }
    if (maxAge != null) {
      b.append("; Max-Age=").append(maxAge);
    }
    if (expires != null) {
      b.append("; Expires=").append(HttpDate.format(expires.toEpochMilli()));
    }
    if (secure) {
      b.append("; Secure");
    }
    if (httpOnly) {
      b.append("; HttpOnly");
    }
    if (sameSite != null) {
      b.append("; SameSite=").append(sameSite.text);
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SetCookie c && toString().equals(c.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}

package io.hexhttp.core;

/** The HTTP versions this server speaks (RFC 9112 §2.3). */
public enum Version {
  /** HTTP/1.0 (RFC 1945): a connection closes after each exchange unless asked otherwise. */
  HTTP_1_0("HTTP/1.0"),
  /** HTTP/1.1 (RFC 9112): connections persist. */
  HTTP_1_1("HTTP/1.1");

  private final String text;

  Version(String text) {
    this.text = text;
  }

  /**
   * The version as it appears on the wire, e.g. {@code HTTP/1.1}.
   *
   * @return the version as it appears on the wire, e.g
   */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}

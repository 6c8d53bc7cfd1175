package io.hexhttp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 7239 Forwarded and the X-Forwarded-* fields, honoured from trusted proxies only. */
class ForwardedTest {
  private final Forwarded proxies = Forwarded.trusting(Set.of("10.0.0.0/8", "127.0.0.1"));

  private static HttpRequest from(String peer, String... headers) {
    HttpRequest.Builder b = HttpRequest.builder(Method.GET, "/").header("Host", "internal:4221");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build().withPeer(peer);
  }

  @Test
  void readsForwardedFromATrustedProxy() {
    HttpRequest r =
        proxies.apply(
            from("127.0.0.1", "Forwarded", "for=203.0.113.9;proto=https;host=shop.example"));
    assertEquals(Optional.of("203.0.113.9"), r.peer());
    assertEquals("https", r.scheme());
    assertEquals("shop.example", r.header("Host"));
  }

  @Test
  void walksAChainOfTrustedProxiesToTheClient() {
    HttpRequest r =
        proxies.apply(
            from(
                "10.1.1.1",
                "Forwarded",
                "for=198.51.100.7, for=203.0.113.9;proto=https",
                "Forwarded",
                "for=10.2.2.2;proto=http"));
    assertEquals(
        Optional.of("203.0.113.9"),
        r.peer(),
        "the nearest untrusted address, not the spoofable first");
    assertEquals("https", r.scheme());
  }

  @Test
  void readsQuotedIpv6NodesWithPorts() {
    HttpRequest r =
        proxies.apply(from("127.0.0.1", "Forwarded", "for=\"[2001:db8:cafe::17]:4711\""));
    assertEquals(Optional.of("2001:db8:cafe::17"), r.peer());
  }

  @Test
  void readsXForwardedFields() {
    HttpRequest r =
        proxies.apply(
            from(
                "127.0.0.1",
                "X-Forwarded-For",
                "198.51.100.7, 203.0.113.9",
                "X-Forwarded-Proto",
                "https",
                "X-Forwarded-Host",
                "shop.example"));
    assertEquals(Optional.of("203.0.113.9"), r.peer());
    assertEquals("https", r.scheme());
    assertEquals("shop.example", r.header("Host"));
  }

  @Test
  void ignoresTheFieldsFromAnyoneElse() {
    HttpRequest spoofed =
        from("198.51.100.99", "Forwarded", "for=1.2.3.4;proto=https", "X-Forwarded-For", "1.2.3.4");
    HttpRequest r = proxies.apply(spoofed);
    assertEquals(Optional.of("198.51.100.99"), r.peer());
    assertEquals("http", r.scheme());
    assertEquals("internal:4221", r.header("Host"));
  }

  @Test
  void ignoresValuesThatAreNotSchemesOrHosts() {
    HttpRequest r =
        proxies.apply(from("127.0.0.1", "Forwarded", "for=_hidden;proto=gopher;host=\"a/b\""));
    assertEquals(Optional.of("127.0.0.1"), r.peer(), "an obfuscated node is not an address");
    assertEquals("http", r.scheme());
    assertEquals("internal:4221", r.header("Host"));
  }

  @Test
  void matchesNetworks() {
    assertTrue(proxies.trusts("10.255.0.1"));
    assertFalse(proxies.trusts("11.0.0.1"));
    assertFalse(proxies.trusts(null));
    assertThrows(IllegalArgumentException.class, () -> Forwarded.trusting(Set.of("10.0.0.0/40")));
  }
}

package io.hexhttp.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The client behind a proxy: {@code Forwarded} (RFC 7239), or else {@code X-Forwarded-For}, {@code
 * -Proto} and {@code -Host}, honoured only when the request came from a trusted proxy, so that
 * {@link HttpRequest#peer()}, {@link HttpRequest#scheme()} and the {@code Host} are the client's. A
 * client cannot forge them: from any other peer the fields are ignored, and in a chain of proxies
 * the client is the nearest address that is not a trusted proxy.
 */
public final class Forwarded {
  /** Trusts no proxy: the forwarding fields are always ignored. */
  public static final Forwarded NONE = trusting(Set.of());

  private final Set<String> proxies; // as given, for equality and display
  private final Set<String> addresses;
  private final List<int[]> ipv4Networks; // {network, mask}

  private Forwarded(Set<String> proxies, Set<String> addresses, List<int[]> ipv4Networks) {
    this.proxies = proxies;
    this.addresses = addresses;
    this.ipv4Networks = ipv4Networks;
  }

  /**
   * The proxies to trust.
   *
   * @param proxies IP addresses as the transport reports peers ({@code 127.0.0.1}, {@code
   *     0:0:0:0:0:0:0:1}) or IPv4 networks ({@code 10.0.0.0/8})
   * @return the policy
   */
  public static Forwarded trusting(Set<String> proxies) {
    Set<String> exact = new HashSet<>();
    List<int[]> networks = new ArrayList<>();
    for (String p : proxies) {
      int slash = p.indexOf('/');
      if (slash < 0) {
        exact.add(p.toLowerCase(Locale.ROOT));
        continue;
      }
      long net = ipv4(p.substring(0, slash));
      int bits = Integer.parseInt(p.substring(slash + 1));
      if (net < 0 || bits < 0 || bits > 32) {
        throw new IllegalArgumentException("not an IPv4 network: " + p);
      }
      int mask = bits == 0 ? 0 : -1 << (32 - bits);
      networks.add(new int[] {(int) net & mask, mask});
    }
    return new Forwarded(Set.copyOf(proxies), Set.copyOf(exact), List.copyOf(networks));
  }

  /**
   * Whether no proxy is trusted.
   *
   * @return true when {@link #apply} always returns the request as it is
   */
  public boolean isEmpty() {
    return proxies.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Forwarded f && proxies.equals(f.proxies);
  }

  @Override
  public int hashCode() {
    return proxies.hashCode();
  }

  /** The proxies trusted, as given. */
  @Override
  public String toString() {
    return "Forwarded" + proxies;
  }

  /**
   * Whether {@code address} is a trusted proxy.
   *
   * @param address an IP address
   * @return true when trusted
   */
  public boolean trusts(String address) {
    if (address == null) {
      return false;
    }
    if (addresses.contains(address.toLowerCase(Locale.ROOT))) {
      return true;
    }
    long ip = ipv4(address);
    if (ip >= 0) {
      for (int[] n : ipv4Networks) {
        if (((int) ip & n[1]) == n[0]) {
          return true;
        }
      }
    }
    return false;
  }

  private static long ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long v = 0;
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      int n = Integer.parseInt(part);
      if (n > 255) {
        return -1;
      }
      v = v << 8 | n;
    }
    return v;
  }

  /**
   * The request as its client made it, when it came through trusted proxies; otherwise as it is.
   *
   * @param request the request as the transport read it, its peer set
   * @return the request with the client's address, scheme and host
   */
  public HttpRequest apply(HttpRequest request) {
    String peer = request.peer().orElse(null);
    if (!trusts(peer)) {
      return request;
    }
    List<String> forwarded = request.headers().all("Forwarded");
    String client = null;
    String proto = null;
    String host = null;
    if (!forwarded.isEmpty()) {
      List<String> elements = new ArrayList<>();
      for (String line : forwarded) {
        for (String e : line.split(",")) {
          elements.add(e);
        }
      }
      for (int i = elements.size() - 1; i >= 0; i--) {
        String f = null;
        String p = null;
        String h = null;
        for (String pair : elements.get(i).split(";")) {
          int eq = pair.indexOf('=');
          if (eq < 0) {
            continue;
          }
          String name = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
          String value = unquote(pair.substring(eq + 1).strip());
          switch (name) {
            case "for" -> f = node(value);
            case "proto" -> p = value.toLowerCase(Locale.ROOT);
            case "host" -> h = value;
            default -> {}
          }
        }
        if (f == null) {
          break;
        }
        client = f;
        proto = p;
        host = h;
        if (!trusts(f)) {
          break;
        }
      }
    } else {
      List<String> chain = new ArrayList<>();
      for (String line : request.headers().all("X-Forwarded-For")) {
        for (String a : line.split(",")) {
          if (!a.isBlank()) {
            chain.add(node(a.strip()));
          }
        }
      }
      for (int i = chain.size() - 1; i >= 0; i--) {
        client = chain.get(i);
        if (!trusts(client)) {
          break;
        }
      }
      proto = last(request.headers().all("X-Forwarded-Proto"));
      host = last(request.headers().all("X-Forwarded-Host"));
    }
    HttpRequest out = request;
    if (client != null
        && !client.isEmpty()
        && !client.startsWith("_")
        && !client.equals("unknown")) {
      out = out.withPeer(client);
    }
    if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
      out = out.withScheme(proto);
    }
    if (host != null
        && !host.isEmpty()
        && host.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/')) {
      out = out.withHeaders(out.headers().withReplaced("Host", host));
    }
    return out;
  }

  private static String last(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    String[] parts = values.get(values.size() - 1).split(",");
    return parts[parts.length - 1].strip();
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  /**
   * A node's address without brackets or port: {@code [2001:db8::1]:4711} → {@code 2001:db8::1}.
   */
  private static String node(String v) {
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      return close < 0 ? v : v.substring(1, close);
    }
    int colon = v.indexOf(':');
    return colon >= 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
  }
}

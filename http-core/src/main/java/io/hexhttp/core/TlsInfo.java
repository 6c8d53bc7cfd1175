package io.hexhttp.core;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request's TLS connection negotiated: the protocol, the cipher suite, the host name the
 * client asked for (SNI), and the client's certificate chain when it presented one the server
 * verified.
 *
 * @param protocol e.g. {@code TLSv1.3}
 * @param cipherSuite e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param serverName the SNI host name, or null if the client sent none
 * @param peerCertificates the client's verified chain, leaf first; empty if it presented none
 */
public record TlsInfo(
    String protocol,
    String cipherSuite,
    String serverName,
    List<X509Certificate> peerCertificates) {

  /** Checks and copies the values. */
  public TlsInfo {
    Objects.requireNonNull(protocol);
    Objects.requireNonNull(cipherSuite);
    peerCertificates = List.copyOf(peerCertificates);
  }

  /**
   * The client's certificate, if it presented one.
   *
   * @return the leaf of the client's chain
   */
  public Optional<X509Certificate> clientCertificate() {
    return peerCertificates.isEmpty() ? Optional.empty() : Optional.of(peerCertificates.get(0));
  }
}

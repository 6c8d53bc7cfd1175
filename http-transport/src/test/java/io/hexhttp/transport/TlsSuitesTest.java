package io.hexhttp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class TlsSuitesTest {
  private static List<String> serverSuites() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);
    return Arrays.asList(TlsConfig.aead(context.getDefaultSSLParameters().getCipherSuites()));
  }

  @Test
  void keepsNoCbcSuite() throws Exception {
    assertTrue(
        serverSuites().stream().noneMatch(s -> s.contains("_CBC_")), serverSuites()::toString);
  }

  @Test
  void ordersTls13SuitesAes128ThenAes256ThenChaCha() throws Exception {
    assertEquals(
        List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"),
        serverSuites().subList(0, 3));
  }

  @Test
  void ordersTls12SuitesEcdheBeforeDheAndAes128First() throws Exception {
    List<String> suites = serverSuites();
    assertEquals(
        List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
        suites.subList(3, 9));
    int lastEcdhe = 8;
    for (int i = 9; i < suites.size(); i++) {
      String s = suites.get(i);
      assertTrue(s.startsWith("TLS_DHE_") || s.endsWith("_SCSV"), s + " after ECDHE");
    }
    assertTrue(suites.indexOf("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256") > lastEcdhe);
    assertTrue(suites.get(suites.size() - 1).endsWith("_SCSV"), "signalling suites last");
  }
}

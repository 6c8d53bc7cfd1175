package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

/** Self-signed certificates for localhost, made by openssl at test time (none is committed). */
final class TestCertificates {
  private TestCertificates() {}

  /**
   * Writes {@code cert.pem} and {@code key.pem} (PKCS#8) into {@code dir}, for localhost and
   * 127.0.0.1, valid two days.
   *
   * @return the certificate's serial number
   */
  static BigInteger make(Path dir) throws Exception {
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-keyout",
                "key.pem",
                "-out",
                "cert.pem",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
          .getSerialNumber();
    }
  }
}

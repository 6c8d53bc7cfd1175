package io.hexhttp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hexhttp.handlers.AccessLogFilter;
import io.hexhttp.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArgumentsTest {
  private static CliConfig run(String... args) throws Arguments.UsageException {
    return ((Arguments.Run) Arguments.parse(args)).config();
  }

  @Test
  void defaultsToPort4221WithoutDirectory() throws Exception {
    // the tests give the JVM epoll's options, as bin/hexhttp does: the program takes epoll where
    // it can run (ProgramIT starts it without them, on the JDK's selector)
    String arch = System.getProperty("os.arch");
    Transport expected =
        System.getProperty("os.name").startsWith("Linux")
                && (arch.equals("amd64") || arch.equals("aarch64"))
                && Runtime.version().feature() >= 22
            ? Transport.EPOLL
            : Transport.EVENT_LOOP;
    assertEquals(
        new CliConfig(
            4221,
            Optional.empty(),
            false,
            false,
            false,
            Optional.empty(),
            expected,
            Optional.empty(),
            Optional.empty(),
            Duration.ZERO,
            Set.of(),
            Optional.empty()),
        run());
  }

  @Test
  void readsEveryOption() throws Exception {
    assertEquals(
        new CliConfig(
            8080,
            Optional.of(Path.of("/tmp/x")),
            true,
            true,
            true,
            Optional.of(AccessLogFilter.Format.COMMON),
            Transport.VIRTUAL_THREADS,
            Optional.of("/healthz"),
            Optional.of("/ops/metrics"),
            Duration.ofMillis(2500),
            Set.of("10.0.0.0/8", "127.0.0.1"),
            Optional.empty()),
        run(
            "--directory",
            "/tmp/x",
            "--port",
            "8080",
            "--strict",
            "--date",
            "--reuse-port",
            "--access-log",
            "--transport",
            "virtual-threads",
            "--health",
            "/healthz",
            "--metrics=/ops/metrics",
            "--drain-delay",
            "2.5",
            "--trusted-proxy",
            "10.0.0.0/8",
            "--trusted-proxy=127.0.0.1"));
    assertEquals(8081, run("--port=8081").port());
  }

  @Test
  void readsTheAccessLogFormat() throws Exception {
    assertEquals(Optional.of(AccessLogFilter.Format.JSON), run("--access-log=json").accessLog());
    assertEquals(Optional.of(AccessLogFilter.Format.COMMON), run("--access-log=clf").accessLog());
    assertEquals(Optional.empty(), run().accessLog());
  }

  @Test
  void readsTheHttpsOptions() throws Arguments.UsageException {
    CliConfig.Https https =
        run(
                "--https-port",
                "8443",
                "--tls-cert",
                "c.pem",
                "--tls-key",
                "k.pem",
                "--tls-sni",
                "API.example.com=a.pem,a-key.pem",
                "--tls-sni",
                "*.x.org=x.pem,x-key.pem",
                "--tls-client-ca",
                "ca.pem",
                "--tls-client-auth",
                "need",
                "--redirect-https")
            .https()
            .orElseThrow();
    assertEquals(8443, https.port());
    assertEquals(Optional.of(Path.of("c.pem")), https.certificate());
    assertEquals(
        List.of(
            new CliConfig.Sni("api.example.com", Path.of("a.pem"), Path.of("a-key.pem")),
            new CliConfig.Sni("*.x.org", Path.of("x.pem"), Path.of("x-key.pem"))),
        https.sni());
    assertEquals(Optional.of(Path.of("ca.pem")), https.clientCas());
    assertTrue(https.clientAuthNeeded());
    assertTrue(https.redirect());
    CliConfig.Https keystore =
        run("--https-port", "0", "--tls-keystore", "ks.p12", "--tls-password-file", "pw")
            .https()
            .orElseThrow();
    assertEquals(Optional.of(Path.of("ks.p12")), keystore.keystore());
  }

  @Test
  void refusesHttpsOptionsThatDoNotGoTogether() {
    for (String line :
        List.of(
            "--https-port 8443",
            "--https-port 8443 --tls-cert c.pem",
            "--tls-cert c.pem --tls-key k.pem",
            "--https-port 8443 --tls-keystore k.p12 --tls-cert c.pem --tls-key k.pem",
            "--https-port 8443 --tls-keystore k.p12 --tls-sni a=b,c",
            "--https-port 8443 --tls-cert c.pem --tls-key k.pem --tls-sni a.pem",
            "--https-port 8443 --tls-cert c.pem --tls-key k.pem --tls-client-auth need",
            "--https-port 8443 --tls-cert c.pem --tls-key k.pem --tls-client-ca ca.pem --tls-client-auth maybe",
            "--redirect-https")) {
      assertThrows(Arguments.UsageException.class, () -> Arguments.parse(line.split(" ")), line);
    }
  }

  @Test
  void refusesOneOperationsPathForBoth() {
    assertThrows(
        Arguments.UsageException.class,
        () -> Arguments.parse("--health", "/ops", "--metrics", "/ops"));
  }

  @Test
  void recognisesHelpAndVersion() throws Exception {
    assertInstanceOf(Arguments.Help.class, Arguments.parse("--port", "1", "--help"));
    assertInstanceOf(Arguments.Version.class, Arguments.parse("--version"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--bogus",
        "--transport=fast",
        "--port",
        "--port=x",
        "--port=-1",
        "--port=65536",
        "--directory",
        "--strict=yes",
        "positional",
        "--access-log=xml",
        "--health",
        "--health=health",
        "--health=/a?b",
        "--health=/",
        "--metrics=/a//b",
        "--drain-delay",
        "--drain-delay=-1",
        "--drain-delay=soon",
        "--drain-delay=99999",
        "--trusted-proxy",
        "--trusted-proxy=10.0.0.0/33",
        "--trusted-proxy=1.2.3.4/x"
      })
  void refusesBadCommandLines(String arg) {
    Arguments.UsageException e =
        assertThrows(Arguments.UsageException.class, () -> Arguments.parse(arg));
    assertTrue(!e.getMessage().isEmpty() && !e.getMessage().contains("\n"));
  }
}

package io.hexhttp.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * HTTPS for a {@link HttpServer}: the JDK's own TLS ({@link SSLEngine}), TLS 1.3 and 1.2 only, the
 * JDK's default cipher suites less those that encrypt by CBC (TLS 1.2's {@code ..._CBC_...}, which
 * TLS scanners flag for Lucky Thirteen: what remains is ECDHE and DHE with AES-GCM or
 * ChaCha20-Poly1305, Mozilla's "intermediate" choice), ALPN offering {@code http/1.1}.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.pem(Path.of("fullchain.pem"), Path.of("privkey.pem"))   // certbot's
 *     .withCertificate("api.example.com", Path.of("api.pem"), Path.of("api-key.pem")); // by SNI
 * HttpServer.start(app, ServerConfig.builder().port(443).tls(tls).build());
 * }</pre>
 *
 * <p>Certificates come from PEM files (a chain, and a PKCS#8 private key: what {@code certbot} and
 * {@code openssl} write), a PKCS#12 keystore, or an {@link SSLContext} the embedder built. File
 * based ones are rotated without a restart: a new handshake finds the files changed (checked at
 * most once a second) or {@link #reload()} was called (the program does on SIGHUP), and takes the
 * new certificates; connections in progress keep theirs. A change that does not load (a key that
 * does not match, a file half written) is logged and the certificates in use stay.
 */
public final class TlsConfig {
  private static final System.Logger LOG = System.getLogger("io.hexhttp.transport");
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  private static final long CHECK_NANOS = 1_000_000_000L;

  /** Any name is accepted; with a matcher the session keeps the name the client asked for. */
  private static final List<SNIMatcher> ANY_NAME = List.of(SNIHostName.createSNIMatcher(".*"));

  /** Whether clients are asked for a certificate. */
  public enum ClientAuth {
    /** Not asked. */
    NONE,
    /** Asked; a client without one is served too. */
    WANT,
    /** Required: a client without a trusted one fails the handshake. */
    NEED
  }

  /**
   * Where the event loop runs a handshake's delegated tasks (the key exchange and the signature:
   * most of a full handshake's CPU). The virtual-thread transport runs them on the connection's own
   * thread either way.
   */
  public enum HandshakeTasks {
    /** Off the loop when the JVM has more than one processor, else on it (the default). */
    AUTO,
    /**
     * On a virtual thread: the loop serves its other connections meanwhile, and other cores can
     * take the work; each handshake pays two thread switches for it.
     */
    OFF_LOOP,
    /**
     * On the loop thread, as Netty runs them: no switches, but the loop's other connections wait
     * for the task (a few hundred microseconds of RSA or ECDSA signing). With one processor there
     * is no other core to run the task on, and a switch only adds its cost: pinned to one CPU, full
     * handshakes went from 2,160 to 2,390 a second this way.
     */
    ON_LOOP
  }

  /** Where the certificates come from, and how to read them again. */
  private interface Source {
    SSLContext load() throws IOException, GeneralSecurityException;

    List<Path> files();
  }

  private final Source source;
  private final ClientAuth clientAuth;
  private final Duration handshakeTimeout;
  private final HandshakeTasks tasks;
  private final boolean tasksOffLoop;
  // the certificates in use, with the engine settings made from them once, not per handshake
  private volatile Loaded current;
  private volatile Map<Path, FileTime> loadedTimes = Map.of();
  private volatile long lastCheck;
  private volatile boolean reloadAsked;

  private TlsConfig(
      Source source, ClientAuth clientAuth, Duration handshakeTimeout, HandshakeTasks tasks)
      throws IOException {
    this.source = source;
    this.clientAuth = clientAuth;
    this.handshakeTimeout = handshakeTimeout;
    this.tasks = tasks;
    this.tasksOffLoop =
        tasks == HandshakeTasks.OFF_LOOP
            || (tasks == HandshakeTasks.AUTO && Runtime.getRuntime().availableProcessors() > 1);
    this.loadedTimes = times(source.files());
    try {
      this.current = load();
    } catch (GeneralSecurityException e) {
      throw new IOException("the TLS certificates do not load: " + e.getMessage(), e);
    }
    this.lastCheck = System.nanoTime();
  }

  /**
   * TLS with an {@link SSLContext} the embedder built (and rotates, if at all).
   *
   * @param context the context
   * @return the configuration
   */
  public static TlsConfig of(SSLContext context) {
    Objects.requireNonNull(context);
    try {
      return new TlsConfig(
          new Source() {
            @Override
            public SSLContext load() {
              return context;
            }

            @Override
            public List<Path> files() {
              return List.of();
            }
          },
          ClientAuth.NONE,
          Duration.ofSeconds(10),
          HandshakeTasks.AUTO);
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /**
   * TLS with a certificate chain and its private key in PEM files (the chain leaf first; the key
   * PKCS#8, {@code -----BEGIN PRIVATE KEY-----}, RSA or EC).
   *
   * @param chain the certificate chain
   * @param key the private key
   * @return the configuration
   * @throws IOException if the files do not load, or the key does not match the certificate
   */
  public static TlsConfig pem(Path chain, Path key) throws IOException {
    return new TlsConfig(
        new PemSource(new LinkedHashMap<>(Map.of("", new Pem(chain, key))), null),
        ClientAuth.NONE,
        Duration.ofSeconds(10),
        HandshakeTasks.AUTO);
  }

  /**
   * TLS with the key and certificate chain of a PKCS#12 keystore.
   *
   * @param keystore the keystore file
   * @param password its password (from a file or the environment, never the command line)
   * @return the configuration
   * @throws IOException if the keystore does not load
   */
  public static TlsConfig pkcs12(Path keystore, char[] password) throws IOException {
    char[] secret = password.clone();
    return new TlsConfig(
        new Source() {
          @Override
          public SSLContext load() throws IOException, GeneralSecurityException {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
              ks.load(in, secret);
            }
            KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, secret);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
          }

          @Override
          public List<Path> files() {
            return List.of(keystore);
          }
        },
        ClientAuth.NONE,
        Duration.ofSeconds(10),
        HandshakeTasks.AUTO);
  }

  /**
   * This configuration with a further certificate, chosen when a client asks for {@code hostName}
   * by SNI ({@code *.example.com} matches one label); clients asking for no name or another one get
   * the first certificate. PEM configurations only.
   *
   * @param hostName the host name, or a wildcard pattern
   * @param chain the certificate chain
   * @param key the private key
   * @return the new configuration
   * @throws IOException if the files do not load
   */
  public TlsConfig withCertificate(String hostName, Path chain, Path key) throws IOException {
    if (!(source instanceof PemSource pems)) {
      throw new IllegalStateException("SNI certificates are added to a PEM configuration");
    }
    LinkedHashMap<String, Pem> all = new LinkedHashMap<>(pems.byHost);
    all.put(hostName.toLowerCase(Locale.ROOT), new Pem(chain, key));
    return new TlsConfig(new PemSource(all, pems.trusted), clientAuth, handshakeTimeout, tasks);
  }

  /**
   * This configuration asking clients for certificates, verified against the CA certificates in
   * {@code trustedCas} (PEM); handlers see the verified chain ({@code HttpRequest.tls()}).
   *
   * @param mode want or need
   * @param trustedCas the CAs whose certificates are accepted
   * @return the new configuration
   * @throws IOException if the file does not load
   */
  public TlsConfig clientAuth(ClientAuth mode, Path trustedCas) throws IOException {
    if (!(source instanceof PemSource pems)) {
      throw new IllegalStateException("client certificates are asked for by a PEM configuration");
    }
    return new TlsConfig(new PemSource(pems.byHost, trustedCas), mode, handshakeTimeout, tasks);
  }

  /**
   * This configuration with another bound on how long a handshake may take (10 s by default).
   *
   * @param timeout the bound
   * @return the new configuration
   * @throws IOException never in practice: the files are read again
   */
  public TlsConfig handshakeTimeout(Duration timeout) throws IOException {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive");
    }
    return new TlsConfig(source, clientAuth, timeout, tasks);
  }

  /**
   * How long a handshake may take.
   *
   * @return the bound
   */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * This configuration with the event loop running handshakes' delegated tasks where {@code where}
   * says ({@link HandshakeTasks#AUTO} by default).
   *
   * @param where where they run
   * @return the new configuration
   * @throws IOException never in practice: the files are read again
   */
  public TlsConfig handshakeTasks(HandshakeTasks where) throws IOException {
    return new TlsConfig(source, clientAuth, handshakeTimeout, Objects.requireNonNull(where));
  }

  /**
   * Whether the event loop hands handshakes' delegated tasks to other threads ({@link
   * #handshakeTasks}, {@link HandshakeTasks#AUTO} decided when this configuration was made).
   *
   * @return whether they run off the loop
   */
  public boolean handshakeTasksOffLoop() {
    return tasksOffLoop;
  }

  /**
   * Reads the certificate files again for the next handshake (the program calls it on SIGHUP).
   * Callable from any thread.
   */
  public void reload() {
    reloadAsked = true;
    lastCheck = System.nanoTime() - CHECK_NANOS;
  }

  /**
   * A server-side engine for one connection, with the certificates current at this moment.
   *
   * @return a new engine
   */
  public SSLEngine newEngine() {
    maybeReload();
    Loaded loaded = current;
    SSLEngine engine = loaded.context().createSSLEngine();
    engine.setUseClientMode(false);
    engine.setSSLParameters(loaded.parameters()); // copied into the engine: shared safely
    return engine;
  }

  /** A context and the parameters its server engines get; the parameters are never changed. */
  private record Loaded(SSLContext context, SSLParameters parameters) {}

  private Loaded load() throws IOException, GeneralSecurityException {
    SSLContext context = source.load();
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    SSLParameters p = engine.getSSLParameters();
    p.setProtocols(PROTOCOLS);
    p.setCipherSuites(aead(p.getCipherSuites()));
    p.setApplicationProtocols(new String[] {"http/1.1"});
    // any name is accepted (a client asking for another gets the default certificate); with a
    // matcher the session keeps the name the client asked for, for SNI and for handlers
    p.setSNIMatchers(ANY_NAME);
    switch (clientAuth) {
      case WANT -> p.setWantClientAuth(true);
      case NEED -> p.setNeedClientAuth(true);
      default -> {
        // not asked
      }
    }
    return new Loaded(context, p);
  }

  /**
   * The suites that encrypt with an AEAD cipher (every TLS 1.3 suite), and signalling ones, in
   * Mozilla's "intermediate" order: TLS 1.3's first, then ECDHE, then DHE; within each, AES-128-GCM
   * before AES-256-GCM before ChaCha20-Poly1305 (the JDK lists AES-256 first); otherwise the JDK's
   * order. The server's order decides: AES-128 is as safe for TLS and its handshake hashes with
   * SHA-256, not SHA-384 (a full handshake costs 6% less CPU, as Netty's and Go's order have it).
   */
  static String[] aead(String[] suites) {
    return Arrays.stream(suites)
        .filter(s -> s.contains("_GCM_") || s.contains("_CHACHA20_POLY1305") || s.endsWith("_SCSV"))
        .sorted(
            Comparator.comparingInt(TlsConfig::exchangeRank)
                .thenComparingInt(TlsConfig::cipherRank))
        .toArray(String[]::new);
  }

  private static int exchangeRank(String suite) {
    if (suite.endsWith("_SCSV")) {
      return 3;
    }
    if (suite.startsWith("TLS_ECDHE_")) {
      return 1;
    }
    return suite.startsWith("TLS_DHE_") ? 2 : 0; // TLS 1.3's name no key exchange
  }

  private static int cipherRank(String suite) {
    if (suite.contains("_AES_128_GCM_")) {
      return 0;
    }
    return suite.contains("_AES_256_GCM_") ? 1 : 2;
  }

  private void maybeReload() {
    long now = System.nanoTime();
    if (now - lastCheck < CHECK_NANOS) {
      return;
    }
    lastCheck = now;
    List<Path> files = source.files();
    if (files.isEmpty()) {
      return;
    }
    Map<Path, FileTime> times = times(files);
    if (!reloadAsked && times.equals(loadedTimes)) {
      return;
    }
    reloadAsked = false;
    synchronized (this) {
      try {
        current = load();
        loadedTimes = times;
        LOG.log(Level.INFO, "TLS certificates reloaded from " + files);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        loadedTimes = times; // not again until they change again
        LOG.log(Level.WARNING, "TLS certificates not reloaded, the current ones stay: " + e);
      }
    }
  }

  private static Map<Path, FileTime> times(List<Path> files) {
    Map<Path, FileTime> times = new LinkedHashMap<>();
    for (Path f : files) {
      try {
        times.put(f, Files.getLastModifiedTime(f));
      } catch (IOException e) {
        times.put(f, FileTime.fromMillis(0));
      }
    }
    return times;
  }

  // ---------------------------------------------------------------------------------------------
  // PEM

  private record Pem(Path chain, Path key) {}

  /** PEM chains and keys, the first one the default, the others chosen by SNI. */
  private record PemSource(Map<String, Pem> byHost, Path trusted) implements Source {
    @Override
    public SSLContext load() throws IOException, GeneralSecurityException {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] none = new char[0];
      Map<String, String> aliases = new LinkedHashMap<>();
      int i = 0;
      for (Map.Entry<String, Pem> e : byHost.entrySet()) {
        List<X509Certificate> chain = certificates(e.getValue().chain());
        if (chain.isEmpty()) {
          throw new GeneralSecurityException("no certificate in " + e.getValue().chain());
        }
        PrivateKey key = privateKey(e.getValue().key());
        if (!matches(key, chain.get(0))) {
          throw new GeneralSecurityException(
              e.getValue().key() + " is not the key of " + e.getValue().chain());
        }
        String alias = "cert" + i++;
        ks.setKeyEntry(alias, key, none, chain.toArray(Certificate[]::new));
        aliases.put(e.getKey(), alias);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
      kmf.init(ks, none);
      X509KeyManager base = null;
      for (KeyManager km : kmf.getKeyManagers()) {
        if (km instanceof X509KeyManager x) {
          base = x;
        }
      }
      TrustManagerFactory tmf = null;
      if (trusted != null) {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int n = 0;
        for (X509Certificate ca : certificates(trusted)) {
          ts.setCertificateEntry("ca" + n++, ca);
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          new KeyManager[] {new SniKeyManager(base, aliases)},
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return ctx;
    }

    @Override
    public List<Path> files() {
      List<Path> files = new ArrayList<>();
      for (Pem p : byHost.values()) {
        files.add(p.chain());
        files.add(p.key());
      }
      if (trusted != null) {
        files.add(trusted);
      }
      return files;
    }
  }

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  static List<X509Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    while (m.find()) {
      if (m.group(1).equals("CERTIFICATE")) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
      }
    }
    return out;
  }

  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    while (m.find()) {
      if (m.group(1).equals("PRIVATE KEY")) {
        PKCS8EncodedKeySpec spec =
            new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(2)));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
          try {
            return KeyFactory.getInstance(algorithm).generatePrivate(spec);
          } catch (GeneralSecurityException notThis) {
            // try the next
          }
        }
        throw new GeneralSecurityException("the key in " + file + " is of no supported algorithm");
      }
      if (m.group(1).endsWith("PRIVATE KEY")) {
        throw new GeneralSecurityException(
            file
                + " holds a "
                + m.group(1)
                + "; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt");
      }
    }
    throw new GeneralSecurityException("no PRIVATE KEY block in " + file);
  }

  private static boolean matches(PrivateKey key, X509Certificate cert) {
    return key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())
        || (key.getAlgorithm().equals("EC") && cert.getPublicKey().getAlgorithm().equals("EC"));
  }

  /** Chooses the certificate by the host name the client asked for (SNI). */
  private static final class SniKeyManager extends X509ExtendedKeyManager {
    private final X509KeyManager base;
    private final Map<String, String> aliases; // host pattern ("" for the default) -> alias

    SniKeyManager(X509KeyManager base, Map<String, String> aliases) {
      this.base = base;
      this.aliases = aliases;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      String host = null;
      SSLSession session = engine.getHandshakeSession();
      if (session instanceof ExtendedSSLSession ext) {
        for (SNIServerName name : ext.getRequestedServerNames()) {
          if (name instanceof SNIHostName h) {
            host = h.getAsciiName().toLowerCase(Locale.ROOT);
          }
        }
      }
      String alias = host == null ? null : aliasFor(host);
      if (alias == null) {
        alias = aliases.values().iterator().next();
      }
      PrivateKey key = base.getPrivateKey(alias);
      return key != null && keyTypeMatches(keyType, key) ? alias : null;
    }

    private String aliasFor(String host) {
      String exact = aliases.get(host);
      if (exact != null) {
        return exact;
      }
      int dot = host.indexOf('.');
      return dot < 0 ? null : aliases.get("*" + host.substring(dot));
    }

    private static boolean keyTypeMatches(String keyType, PrivateKey key) {
      String alg = key.getAlgorithm();
      return keyType.equals(alg)
          || (keyType.startsWith("EC") && alg.equals("EC"))
          || (keyType.equals("RSASSA-PSS") && alg.equals("RSA"));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return aliases.values().iterator().next();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return aliases.values().toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return base.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return base.getPrivateKey(alias);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}

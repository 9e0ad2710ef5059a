package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.HOST;
import static io.meshlet.cluster.internal.Fixtures.key;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.meshlet.cluster.ClusterPolicy;
import io.meshlet.cluster.WorkloadCertificates;
import io.meshlet.config.Diagnostic;
import io.meshlet.internal.Interner;
import io.meshlet.registry.Endpoint;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.internal.StaticServiceRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLParameters;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream TLS against a real TLS server on loopback, with certificates generated per run. */
class UpstreamTlsTest {
  @TempDir
  Path dir;

  private final HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).commonName("root").build();
  private final HeldCertificate otherRoot =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("other").build();
  private final HeldCertificate serverCert = new HeldCertificate.Builder().signedBy(root).commonName("reviews")
      .addSubjectAlternativeName("reviews.example.com")
      .addSubjectAlternativeName("spiffe://cluster.local/ns/default/sa/reviews").build();
  private final AtomicReference<String> clientSeen = new AtomicReference<>();
  private final EndpointStates states = new EndpointStates(new Fixtures.FakeTicker(), null);
  private final List<Diagnostic> warnings = new ArrayList<>();
  private HttpsServer server;

  @BeforeEach
  void startServer() throws IOException {
    HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(serverCert)
        .addTrustedCertificate(root.certificate()).build();
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverCerts.sslContext()) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = getSSLContext().getDefaultSSLParameters();
        p.setWantClientAuth(true);
        params.setSSLParameters(p);
      }
    });
    server.createContext("/", exchange -> {
      try {
        X509Certificate peer = (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
        clientSeen.set(peer.getSubjectX500Principal().getName());
      } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
        clientSeen.set(null);
      }
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private ClusterPolicy.Tls tls(String tlsYaml) {
    return tls(tlsYaml, null, "");
  }

  private ClusterPolicy.Tls tls(String tlsYaml, WorkloadCertificates certs, String serviceAccount) {
    Service s = Service.of(HOST, "default", new ServicePort(9080, "http", "HTTP", 0));
    Endpoint e = new Endpoint("127.0.0.1", Map.of(), server.getAddress().getPort(), Map.of(), "", "", 1,
        serviceAccount);
    StaticServiceRegistry registry = new StaticServiceRegistry(Map.of(HOST, s), Map.of(HOST, List.of(e)));
    Clusters c = Clusters.compile(yaml(rule("  trafficPolicy:\n    tls:\n" + tlsYaml.stripIndent().indent(6))),
        registry, Fixtures.CLIENT, states, certs, warnings::add, new Interner());
    return c.cluster(key("")) == null ? null : c.cluster(key("")).policy().tls();
  }

  /** GET https://127.0.0.1:port/ through the compiled TLS settings. */
  private String get(ClusterPolicy.Tls tls) throws IOException {
    URL url = new URL("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
    conn.setSSLSocketFactory(tls.sslSocketFactory());
    conn.setHostnameVerifier(tls.hostnameVerifier());
    conn.setRequestProperty("Connection", "close");
    try (InputStream in = conn.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void simpleVerifiesTheServerAgainstCaCertificatesAndSni() throws IOException {
    Path ca = write("ca.pem", root.certificatePem());
    ClusterPolicy.Tls tls = tls("mode: SIMPLE\ncaCertificates: " + ca + "\nsni: reviews.example.com\n");
    assertThat(tls.sni()).isEqualTo("reviews.example.com");
    assertThat(get(tls)).isEqualTo("ok");
    assertThat(clientSeen.get()).isNull();
  }

  @Test
  void simpleAcceptsAServerCarryingOneOfTheSubjectAltNames() throws IOException {
    Path ca = write("ca.pem", root.certificatePem());
    assertThat(get(tls("mode: SIMPLE\ncaCertificates: " + ca
        + "\nsubjectAltNames: [api.example.com, reviews.example.com]\n"))).isEqualTo("ok");
  }

  @Test
  void simpleRejectsAServerWithoutAMatchingSubjectAltName() throws IOException {
    Path ca = write("ca.pem", root.certificatePem());
    ClusterPolicy.Tls wrongSan = tls("mode: SIMPLE\ncaCertificates: " + ca + "\nsubjectAltNames: [ratings.example.com]\n");
    assertThatThrownBy(() -> get(wrongSan)).isInstanceOf(IOException.class);
    // Without SANs or SNI the server name is the host connected to, which the certificate does not carry.
    ClusterPolicy.Tls byHost = tls("mode: SIMPLE\ncaCertificates: " + ca + "\n");
    assertThatThrownBy(() -> get(byHost)).isInstanceOf(IOException.class);
  }

  @Test
  void simpleRejectsAServerSignedByAnotherAuthorityUnlessVerificationIsSkipped() throws IOException {
    Path other = write("other.pem", otherRoot.certificatePem());
    ClusterPolicy.Tls strict = tls("mode: SIMPLE\ncaCertificates: " + other + "\nsni: reviews.example.com\n");
    assertThatThrownBy(() -> get(strict)).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    ClusterPolicy.Tls skip = tls("mode: SIMPLE\ninsecureSkipVerify: true\n");
    assertThat(get(skip)).isEqualTo("ok");
  }

  @Test
  void mutualPresentsTheClientCertificateWithAPkcs8Key() throws IOException {
    HeldCertificate client = new HeldCertificate.Builder().signedBy(root).commonName("productpage").build();
    Path ca = write("ca.pem", root.certificatePem());
    Path cert = write("client.pem", client.certificatePem());
    Path key = write("client-key.pem", client.privateKeyPkcs8Pem());
    ClusterPolicy.Tls tls = tls("mode: MUTUAL\ncaCertificates: " + ca + "\nclientCertificate: " + cert
        + "\nprivateKey: " + key + "\nsni: reviews.example.com\n");
    assertThat(get(tls)).isEqualTo("ok");
    assertThat(clientSeen.get()).isEqualTo("CN=productpage");
  }

  @Test
  void mutualReadsPkcs1RsaKeys() throws IOException {
    HeldCertificate client = new HeldCertificate.Builder().signedBy(root).commonName("rsa-client").rsa2048().build();
    Path ca = write("ca.pem", root.certificatePem());
    Path cert = write("client.pem", client.certificatePem());
    Path key = write("client-key.pem", client.privateKeyPkcs1Pem());
    assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    ClusterPolicy.Tls tls = tls("mode: MUTUAL\ncaCertificates: " + ca + "\nclientCertificate: " + cert
        + "\nprivateKey: " + key + "\nsubjectAltNames: [reviews.example.com]\n");
    assertThat(get(tls)).isEqualTo("ok");
    assertThat(clientSeen.get()).isEqualTo("CN=rsa-client");
  }

  @Test
  void sec1EcKeysAreRead() throws Exception {
    Path key = Path.of(getClass().getResource("/tls/sec1-ec-key.pem").toURI());
    Path cert = Path.of(getClass().getResource("/tls/sec1-ec-cert.pem").toURI());
    PrivateKey privateKey = Pem.privateKey(key);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(privateKey);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(Pem.certificates(cert).get(0).getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void istioMutualUsesTheWorkloadCertificatesAndChecksTheServersIdentity() throws IOException {
    HeldCertificate workload = new HeldCertificate.Builder().signedBy(root).commonName("productpage")
        .addSubjectAlternativeName("spiffe://cluster.local/ns/default/sa/productpage").build();
    WorkloadCertificates certs = new WorkloadCertificates(write("chain.pem", workload.certificatePem()),
        write("key.pem", workload.privateKeyPkcs8Pem()), write("root.pem", root.certificatePem()));
    ClusterPolicy.Tls tls = tls("mode: ISTIO_MUTUAL\n", certs, "reviews");
    assertThat(tls.sni()).isNull();
    assertThat(tls.subjectAltNames()).containsExactly("spiffe://cluster.local/ns/default/sa/reviews");
    assertThat(get(tls)).isEqualTo("ok");
    assertThat(clientSeen.get()).isEqualTo("CN=productpage");
    ClusterPolicy.Tls wrongIdentity = tls("mode: ISTIO_MUTUAL\n", certs, "ratings");
    assertThatThrownBy(() -> get(wrongIdentity)).isInstanceOf(IOException.class);
  }

  @Test
  void configuredSniWithUnderscoresIsSentAsIs() throws IOException {
    String istioSni = "outbound_.9080_.v1_." + HOST;
    ClusterPolicy.Tls tls = tls("mode: SIMPLE\ninsecureSkipVerify: true\nsni: " + istioSni + "\n");
    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.sslSocketFactory().createSocket()) {
      javax.net.ssl.SNIServerName name = socket.getSSLParameters().getServerNames().get(0);
      assertThat(name.getType()).isEqualTo(javax.net.ssl.StandardConstants.SNI_HOST_NAME);
      assertThat(new String(name.getEncoded(), StandardCharsets.US_ASCII)).isEqualTo(istioSni);
    }
  }

  @Test
  void clusterIsLeftOutWithAWarningWhenItsKeyMaterialCannotBeLoaded() {
    assertThat(tls("mode: MUTUAL\nclientCertificate: " + dir.resolve("missing.pem") + "\nprivateKey: "
        + dir.resolve("missing-key.pem") + "\n")).isNull();
    assertThat(tls("mode: ISTIO_MUTUAL\n")).isNull();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(1).message()).contains("is left out").contains("ISTIO_MUTUAL needs the workload");
  }

  @Test
  void disableMeansPlainText() {
    assertThat(tls("mode: DISABLE\n")).isNull();
    assertThat(warnings).isEmpty();
  }
}

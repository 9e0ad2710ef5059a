package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.destinationRule;
import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static io.meshlet.okhttp.MeshTestRule.virtualService;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** DestinationRule {@code tls} through the adapter, against a TLS MockWebServer with generated certificates. */
class TlsTest {
  private static final String HOST = "reviews.default.svc.cluster.local";

  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer server = Servers.server();

  @TempDir
  Path dir;

  private final HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0)
      .commonName("test root").build();
  private final HeldCertificate serverCertificate = new HeldCertificate.Builder().commonName("reviews")
      .addSubjectAlternativeName(HOST).signedBy(root).build();
  private final HeldCertificate clientCertificate = new HeldCertificate.Builder().commonName("productpage")
      .signedBy(root).build();

  @BeforeEach
  void serveTls() {
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(serverCertificate)
        .addTrustedCertificate(root.certificate()).build().sslSocketFactory());
    server.setDispatcher(Servers.ok("secret"));
  }

  private String write(String name, String pem) throws IOException {
    return Files.writeString(dir.resolve(name), pem).toString();
  }

  private OkHttpClient client(String tls) {
    return rule.client(rule.mesh(serviceEntry("reviews", server) + destinationRule("reviews", 0, "tls: " + tls)));
  }

  @Test
  void simpleTlsVerifiesTheServerAndSendsTheServiceNameAsSni() throws Exception {
    OkHttpClient client = client("{mode: SIMPLE, caCertificates: %s}".formatted(write("ca.pem", root.certificatePem())));
    assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("secret");
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHandshake()).isNotNull();
    assertThat(recorded.getHandshakeServerNames()).containsExactly(HOST);
    assertThat(recorded.getUrl().host() + ":" + recorded.getUrl().port()).as(":authority").isEqualTo("reviews:9080");
    assertThat(recorded.getHandshake().peerPrincipal()).isNull();
  }

  @Test
  void tlsRetryReachesAnotherEndpointListeningOnTheSamePort() throws Exception {
    HeldCertificate second = new HeldCertificate.Builder().commonName("reviews").addSubjectAlternativeName(HOST)
        .signedBy(root).build();
    Servers.Log failing = Servers.log(r -> new MockResponse.Builder().code(503).build());
    Servers.Log healthy = Servers.log(r -> new MockResponse.Builder().body("ok").build());
    try (MockWebServer first = Servers.server(); MockWebServer other = Servers.server()) {
      for (MockWebServer s : List.of(first, other)) {
        s.useHttps(new HandshakeCertificates.Builder().heldCertificate(s == first ? serverCertificate : second)
            .addTrustedCertificate(root.certificate()).build().sslSocketFactory());
      }
      first.setDispatcher(failing);
      other.setDispatcher(healthy);
      Servers.startOnOnePort(first, other);
      String yaml = Servers.twoAddressEntry(HOST, first.getPort());
      String ca = write("ca.pem", root.certificatePem());
      OkHttpClient client = rule.client(rule.mesh(c -> c.random(RandomSource.seeded(3)).configYaml(yaml
          + destinationRule("reviews", 0, "tls: {mode: SIMPLE, caCertificates: %s}".formatted(ca))
          + virtualService("reviews", """
          route: [{destination: {host: reviews}}]
          retries: {attempts: 2, retryOn: 5xx}
          """))));
      for (int i = 0; i < 10; i++) {
        assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("ok");
      }
      assertThat(failing.count()).as("some first tries went to the failing endpoint").isPositive();
      assertThat(failing.header("x-envoy-attempt-count")).as("no retry went back to it").containsOnly("1");
    }
  }

  @Test
  void mutualTlsPresentsTheClientCertificate() throws Exception {
    server.requireClientAuth();
    OkHttpClient client = client("{mode: MUTUAL, caCertificates: %s, clientCertificate: %s, privateKey: %s}".formatted(
        write("ca.pem", root.certificatePem()), write("cert.pem", clientCertificate.certificatePem()),
        write("key.pem", clientCertificate.privateKeyPkcs8Pem())));
    assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("secret");
    assertThat(server.takeRequest().getHandshake().peerPrincipal())
        .isEqualTo(new X500Principal("CN=productpage"));
  }

  @Test
  void mutualTlsWithoutAClientCertificateIsRefusedByTheServer() throws Exception {
    server.requireClientAuth();
    OkHttpClient client = client("{mode: SIMPLE, caCertificates: %s}".formatted(write("ca.pem", root.certificatePem())));
    assertThat(get(client, "http://reviews:9080/").code()).isEqualTo(503);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void wrongSubjectAltNameIsRejectedAsAConnectFailure() throws Exception {
    OkHttpClient client = client("{mode: SIMPLE, caCertificates: %s, subjectAltNames: [ratings.default.svc.cluster.local]}"
        .formatted(write("ca.pem", root.certificatePem())));
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(503);
    assertThat(server.getRequestCount()).isZero();
    // A failed handshake is a connect failure, which Istio's default policy retries: UF, then URX.
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UF,URX");
  }

  @Test
  void matchingSubjectAltNameIsAccepted() throws Exception {
    OkHttpClient client = client("{mode: SIMPLE, caCertificates: %s, subjectAltNames: [%s]}"
        .formatted(write("ca.pem", root.certificatePem()), HOST));
    assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("secret");
  }

  @Test
  void serverFromAnotherAuthorityIsRejected() throws Exception {
    HeldCertificate otherRoot = new HeldCertificate.Builder().certificateAuthority(0).commonName("other").build();
    OkHttpClient client = client("{mode: SIMPLE, caCertificates: %s}".formatted(write("ca.pem", otherRoot.certificatePem())));
    assertThat(get(client, "http://reviews:9080/").code()).isEqualTo(503);
    // A failed handshake is a connect failure, which Istio's default policy retries: UF, then URX.
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UF,URX");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void mirrorToATlsServiceVerifiesTheMirrorsOwnName() throws Exception {
    String shadowHost = "shadow.default.svc.cluster.local";
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(new HeldCertificate.Builder()
        .addSubjectAlternativeName(shadowHost).signedBy(root).build()).build().sslSocketFactory());
    try (MockWebServer plain = Servers.server()) {
      plain.setDispatcher(Servers.ok("main"));
      plain.start();
      OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", plain) + serviceEntry("shadow", server)
          + destinationRule("shadow", 0, "tls: {mode: SIMPLE, caCertificates: %s}"
              .formatted(write("ca.pem", root.certificatePem())))
          + MeshTestRule.virtualService("reviews", """
              route: [{destination: {host: reviews}}]
              mirror: {host: shadow}
              """)));
      assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("main");
      RecordedRequest copy = server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(copy).as("the mirror arrived over TLS").isNotNull();
      assertThat(copy.getHandshakeServerNames()).containsExactly(shadowHost);
    }
  }

  @Test
  void mirrorsToATlsServiceReachEachOfItsEndpoints() throws Exception {
    String shadowHost = "shadow.default.svc.cluster.local";
    HandshakeCertificates shadowTls = new HandshakeCertificates.Builder().heldCertificate(new HeldCertificate.Builder()
        .addSubjectAlternativeName(shadowHost).signedBy(root).build()).build();
    server.useHttps(shadowTls.sslSocketFactory());
    try (MockWebServer plain = Servers.server(); MockWebServer second = Servers.server()) {
      plain.setDispatcher(Servers.ok("main"));
      plain.start();
      second.useHttps(shadowTls.sslSocketFactory());
      second.setDispatcher(Servers.ok("second"));
      second.start(InetAddress.getByName("127.0.0.2"), 0); // another address: the mirror must resolve to each
      OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", plain) + """
          apiVersion: networking.istio.io/v1
          kind: ServiceEntry
          metadata: {name: shadow}
          spec:
            hosts: [%s]
            location: MESH_INTERNAL
            ports: [{number: 9080, name: http, protocol: HTTP}]
            resolution: STATIC
            endpoints:
            - {address: 127.0.0.1, ports: {http: %d}}
            - {address: 127.0.0.2, ports: {http: %d}}
          ---
          """.formatted(shadowHost, server.getPort(), second.getPort())
          + destinationRule("shadow", 0, """
              loadBalancer: {simple: ROUND_ROBIN}
              tls: {mode: SIMPLE, caCertificates: %s}
              """.formatted(write("ca.pem", root.certificatePem())))
          + MeshTestRule.virtualService("reviews", """
              route: [{destination: {host: reviews}}]
              mirror: {host: shadow}
              """)));
      for (int i = 0; i < 6; i++) {
        get(client, "http://reviews:9080/");
      }
      MeshTestRule.fastAwait().atMost(java.time.Duration.ofSeconds(5))
          .until(() -> server.getRequestCount() + second.getRequestCount() == 6);
      assertThat(server.getRequestCount()).isEqualTo(3);
      assertThat(second.getRequestCount()).isEqualTo(3);
    }
  }

  @Test
  void insecureSkipVerifyAcceptsAnyServer() throws Exception {
    OkHttpClient client = client("{mode: SIMPLE, insecureSkipVerify: true}");
    assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("secret");
  }
}

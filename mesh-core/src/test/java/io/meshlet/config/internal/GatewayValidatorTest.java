package io.meshlet.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GatewayValidatorTest {
  /** Five lines: the spec's own fields start on line 6. */
  private static final String HEAD = """
      apiVersion: networking.istio.io/v1
      kind: Gateway
      metadata:
        name: ingress
      spec:
      """;

  record Case(String name, String body, String path, int line, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case bad(String name, String body, String path, int line, String message) {
    return new Case(name, body, path, line, message);
  }

  private static MeshConfig read(String body) {
    return new ConfigLoader().read(ConfigSource.string("mesh.yaml", HEAD + body.indent(2)));
  }

  static Stream<Case> malformed() {
    return Stream.of(
        bad("no servers", "selector:\n  istio: ingressgateway\n", "spec.servers", 5, "at least one server"),
        bad("server without hosts", """
            servers:
            - port:
                number: 80
                name: http
                protocol: HTTP
            """, "spec.servers[0].hosts", 7, "at least one host"),
        bad("server without port", """
            servers:
            - hosts: ["*"]
            """, "spec.servers[0].port", 7, "required"),
        bad("port number out of range", """
            servers:
            - port:
                number: 70000
                name: http
                protocol: HTTP
              hosts: ["*"]
            """, "spec.servers[0].port.number", 8, "must be between 1 and 65535, got 70000"),
        bad("unsupported protocol", """
            servers:
            - port:
                number: 80
                name: http
                protocol: HTTP3
              hosts: ["*"]
            """, "spec.servers[0].port.protocol", 10, "unsupported protocol \"HTTP3\""),
        bad("port without name", """
            servers:
            - port:
                number: 80
                protocol: HTTP
              hosts: ["*"]
            """, "spec.servers[0].port.name", 7, "required"),
        bad("duplicate port names", """
            servers:
            - port: {number: 80, name: http, protocol: HTTP}
              hosts: [a.example.com]
            - port: {number: 8080, name: http, protocol: HTTP}
              hosts: [b.example.com]
            """, "spec.servers[1].port.name", 9, "duplicate port name \"http\""),
        bad("targetPort", """
            servers:
            - port: {number: 80, name: http, protocol: HTTP, targetPort: 8080}
              hosts: ["*"]
            """, "spec.servers[0].port.targetPort", 7, "has no effect on Gateways"),
        bad("short host name", """
            servers:
            - port: {number: 80, name: http, protocol: HTTP}
              hosts: [reviews]
            """, "spec.servers[0].hosts[0]", 8, "short name \"reviews\" is not allowed"),
        bad("invalid host namespace", """
            servers:
            - port: {number: 80, name: http, protocol: HTTP}
              hosts: [Bad_NS/reviews.example.com]
            """, "spec.servers[0].hosts[0]", 8, "invalid namespace \"Bad_NS\""),
        bad("partial wildcard host", """
            servers:
            - port: {number: 80, name: http, protocol: HTTP}
              hosts: ["*foo.example.com"]
            """, "spec.servers[0].hosts[0]", 8, "partial wildcard"),
        bad("bind not an IP", """
            servers:
            - port: {number: 80, name: http, protocol: HTTP}
              hosts: ["*"]
              bind: localhost
            """, "spec.servers[0].bind", 9, "must be an IP address or unix://<path>"),
        bad("HTTPS without tls", """
            servers:
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: ["*"]
            """, "spec.servers[0].tls", 7, "HTTPS and TLS servers need tls settings"),
        bad("SIMPLE without a private key", """
            servers:
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: ["*"]
              tls:
                mode: SIMPLE
                serverCertificate: /etc/certs/server.pem
            """, "spec.servers[0].tls.privateKey", 9, "SIMPLE TLS needs a private key"),
        bad("MUTUAL without a client CA", """
            servers:
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: ["*"]
              tls:
                mode: MUTUAL
                serverCertificate: /etc/certs/server.pem
                privateKey: /etc/certs/key.pem
            """, "spec.servers[0].tls.caCertificates", 9, "MUTUAL TLS verifies client certificates"),
        bad("ISTIO_MUTUAL with a credential", """
            servers:
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: ["*"]
              tls:
                mode: ISTIO_MUTUAL
                credentialName: my-secret
            """, "spec.servers[0].tls.credentialName", 11, "cannot be set with ISTIO_MUTUAL"),
        bad("two certificate sources", """
            servers:
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: ["*"]
              tls:
                mode: SIMPLE
                credentialName: my-secret
                serverCertificate: /etc/certs/server.pem
                privateKey: /etc/certs/key.pem
            """, "spec.servers[0].tls", 9, "only one of credentialName"),
        bad("CRL with SIMPLE TLS", """
            servers:
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: ["*"]
              tls:
                mode: SIMPLE
                serverCertificate: /etc/certs/server.pem
                privateKey: /etc/certs/key.pem
                caCrl: /etc/certs/crl.pem
            """, "spec.servers[0].tls.caCrl", 13, "no use with SIMPLE TLS"),
        bad("TLS termination on a plain HTTP server", """
            servers:
            - port: {number: 80, name: http, protocol: HTTP}
              hosts: ["*"]
              tls:
                mode: SIMPLE
                credentialName: my-secret
            """, "spec.servers[0].tls", 9, "a plain-text HTTP server may set only tls.httpsRedirect"),
        bad("tls on a TCP server", """
            servers:
            - port: {number: 31400, name: tcp, protocol: TCP}
              hosts: ["*"]
              tls:
                httpsRedirect: true
            """, "spec.servers[0].tls", 9, "allowed only on HTTPS and TLS servers"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedGateway(Case c) {
    List<Diagnostic> errors = read(c.body()).errors();

    assertThat(errors).as("errors of %s", c.name()).anySatisfy(d -> {
      assertThat(d.path()).isEqualTo(c.path());
      assertThat(d.line()).isEqualTo(c.line());
      assertThat(d.message()).contains(c.message());
    });
    assertThat(errors).as("no error elsewhere").allSatisfy(d -> assertThat(d.path()).isEqualTo(c.path()));
  }

  @Test
  void rejectsDottedGatewayName() {
    MeshConfig config = new ConfigLoader().read(ConfigSource.string("mesh.yaml", """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: ingress.v2
        spec:
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["*"]
        """));

    assertThat(config.errors()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("metadata.name");
      assertThat(d.line()).isEqualTo(4);
      assertThat(d.message()).contains("without dots");
    });
  }

  @Test
  void bookinfoGatewayLoadsWithOneWarningThatGatewaysHaveNoEffectInProcess() {
    MeshConfig config = read("""
        selector:
          istio: ingressgateway
        servers:
        - port:
            number: 8080
            name: http
            protocol: HTTP
          hosts: ["*"]
        """);

    assertThat(config.gateways()).hasSize(1);
    assertThat(config.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
      assertThat(d.path()).isEqualTo("spec");
      assertThat(d.line()).isEqualTo(5);
      assertThat(d.message()).contains("Gateway has no effect in-process").contains("Envoy");
    });
  }

  @Test
  void acceptsDocumentedTlsServers() {
    MeshConfig config = read("""
        selector:
          app: my-gateway-controller
        servers:
        - port: {number: 80, name: http, protocol: HTTP}
          hosts: [uk.bookinfo.com, eu.bookinfo.com]
          tls:
            httpsRedirect: true
        - port: {number: 443, name: https-443, protocol: HTTPS}
          hosts: [uk.bookinfo.com, eu.bookinfo.com]
          tls:
            mode: SIMPLE
            serverCertificate: /etc/certs/servercert.pem
            privateKey: /etc/certs/privatekey.pem
        - port: {number: 9443, name: https-9443, protocol: HTTPS}
          hosts: [bookinfo-namespace/*.bookinfo.com]
          tls:
            mode: SIMPLE
            credentialName: bookinfo-secret
        - port: {number: 9080, name: http-wildcard, protocol: HTTP}
          hosts: ["*"]
        - port: {number: 2379, name: mongo, protocol: MONGO}
          hosts: ["*"]
        - port: {number: 443, name: tls-passthrough, protocol: TLS}
          hosts: ["./*.example.com"]
          tls:
            mode: PASSTHROUGH
        """);

    assertThat(config.errors()).isEmpty();
    assertThat(config.diagnostics()).singleElement()
        .satisfies(d -> assertThat(d.message()).contains("Gateway has no effect in-process"));
  }

  @Test
  void thereAreAtLeastTwentyMalformedCases() {
    assertThat(malformed().count()).isGreaterThanOrEqualTo(20);
  }
}

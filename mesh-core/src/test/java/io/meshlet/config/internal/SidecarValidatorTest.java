package io.meshlet.config.internal;

import static io.meshlet.config.internal.MarkedYaml.load;
import static io.meshlet.config.internal.MarkedYaml.markedLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.meshlet.config.MeshConfig;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SidecarValidatorTest {
  private static String sidecar(String spec) {
    return """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata:
          name: default
          namespace: prod
        spec:
        """ + spec.indent(2);
  }



  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("an empty Sidecar", """
            workloadSelector:
              labels: {app: ratings}
            """, "spec", "is empty"),
        arguments("egress hosts are required", """
            egress:
            - port: {number: 9080, protocol: HTTP, name: http}  # <<
            """, "spec.egress[0].hosts", "required"),
        arguments("egress hosts are namespace/host", """
            egress:
            - hosts:
              - reviews.prod.svc.cluster.local  # <<
            """, "spec.egress[0].hosts[0]", "must have the form namespace/host"),
        arguments("egress namespaces are names, . , * or ~", """
            egress:
            - hosts:
              - Prod_NS/*  # <<
            """, "spec.egress[0].hosts[0]", "invalid namespace \"Prod_NS\""),
        arguments("egress hosts are not short names", """
            egress:
            - hosts:
              - ./reviews  # <<
            """, "spec.egress[0].hosts[0]", "short name \"reviews\" is not allowed"),
        arguments("egress hosts have no partial wildcards", """
            egress:
            - hosts:
              - "*/*foo.com"  # <<
            """, "spec.egress[0].hosts[0]", "partial wildcard \"*foo.com\""),
        arguments("one egress listener without port", """
            egress:
            - hosts: [./*]  # <<
            - hosts: [istio-system/*]
            """, "spec.egress[0]", "only one egress listener may leave out port"),
        arguments("the catch-all egress listener comes last", """
            egress:
            - hosts: [./*]  # <<
            - port: {number: 9080, protocol: HTTP, name: http}
              hosts: [./*]
            """, "spec.egress[0]", "must be the last one"),
        arguments("egress ports are unique", """
            egress:
            - port: {number: 9080, protocol: HTTP, name: http}
              hosts: [./*]
            - port:
                number: 9080  # <<
                protocol: HTTP
                name: http2
              hosts: [./*]
            """, "spec.egress[1].port.number", "duplicate port 9080"),
        arguments("egress port protocols are known", """
            egress:
            - port:
                number: 9080
                protocol: QUIC  # <<
              hosts: [./*]
            """, "spec.egress[0].port.protocol", "unsupported protocol \"QUIC\""),
        arguments("port 0 needs a unix socket bind", """
            egress:
            - port:
                number: 0
              bind: 127.0.0.1  # <<
              hosts: [./*]
            """, "spec.egress[0].bind", "required as unix:///path"),
        arguments("targetPort has no place in a Sidecar", """
            egress:
            - port:
                number: 9080
                targetPort: 8080  # <<
              hosts: [./*]
            """, "spec.egress[0].port.targetPort", "has no effect in a Sidecar"),
        arguments("ingress listeners need a port", """
            ingress:
            - defaultEndpoint: 127.0.0.1:8080  # <<
            """, "spec.ingress[0].port", "required"),
        arguments("ingress default endpoints are loopback or any", """
            ingress:
            - port: {number: 9080, protocol: HTTP, name: http}
              defaultEndpoint: 10.0.0.1:8080  # <<
            """, "spec.ingress[0].defaultEndpoint", "must be 127.0.0.1:PORT"),
        arguments("ingress TLS cannot be ISTIO_MUTUAL", """
            ingress:
            - port: {number: 9443, protocol: HTTPS, name: https}
              tls:
                mode: ISTIO_MUTUAL  # <<
            """, "spec.ingress[0].tls.mode", "cannot be ISTIO_MUTUAL"),
        arguments("egressProxy needs ALLOW_ANY", """
            egress:
            - hosts: [./*]
            outboundTrafficPolicy:
              mode: REGISTRY_ONLY
              egressProxy:  # <<
                host: proxy.example.com
                port: {number: 443}
            """, "spec.outboundTrafficPolicy.egressProxy", "requires mode ALLOW_ANY, got REGISTRY_ONLY"),
        arguments("egressProxy needs a port", """
            outboundTrafficPolicy:
              mode: ALLOW_ANY
              egressProxy:  # <<
                host: proxy.example.com
            """, "spec.outboundTrafficPolicy.egressProxy.port", "required"),
        arguments("inbound pool values cannot be negative", """
            inboundConnectionPool:
              tcp:
                maxConnections: -5  # <<
            """, "spec.inboundConnectionPool.tcp.maxConnections", "must be 0 or more, got -5"),
        arguments("selector labels cannot use wildcards", """
            workloadSelector:
              labels:
                app: "*"  # <<
            egress:
            - hosts: [./*]
            """, "spec.workloadSelector.labels.app", "wildcard is not supported"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedSidecar(String description, String spec, String path, String fragment) {
    String yaml = sidecar(spec);
    MeshConfig config = load(yaml);

    assertThat(config.sidecars()).isEmpty();
    MarkedYaml.assertErrorAtMark(config, yaml, path, fragment);
  }

  static Stream<Arguments> noEffectInProcess() {
    return Stream.of(
        arguments("""
            ingress:  # <<
            - port: {number: 9080, protocol: HTTP, name: http}
              defaultEndpoint: 127.0.0.1:8080
            """, "spec.ingress", "Meshlet manages outbound calls only"),
        arguments("""
            inboundConnectionPool:  # <<
              http:
                http1MaxPendingRequests: 1024
            """, "spec.inboundConnectionPool", "on outbound calls only"),
        arguments("""
            egress:
            - port: {number: 9080, protocol: HTTP, name: http}
              bind: 127.0.0.2  # <<
              hosts: [./*]
            """, "spec.egress[0].bind", "Meshlet opens no listeners"),
        arguments("""
            egress:
            - captureMode: NONE  # <<
              hosts: [./*]
            """, "spec.egress[0].captureMode", "no traffic is captured"));
  }

  @ParameterizedTest
  @MethodSource("noEffectInProcess")
  void warnsAboutFieldsWithoutEffectInProcess(String spec, String path, String fragment) {
    String yaml = sidecar(spec);
    MeshConfig config = load(yaml);

    MarkedYaml.assertSingleWarningAtMark(config, yaml, path, fragment);
    assertThat(config.sidecars()).hasSize(1);
  }

  @Test
  void acceptsDocumentedSidecars() {
    MeshConfig config = load("""
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata:
          name: default
          namespace: istio-config
        spec:
          egress:
          - hosts:
            - "./*"
            - "istio-system/*"
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata:
          name: ratings
          namespace: prod-us1
        spec:
          workloadSelector:
            labels:
              app: ratings
          egress:
          - port:
              number: 9080
              protocol: HTTP
              name: egresshttp
            hosts:
            - "prod-us1/*"
          - hosts:
            - "istio-system/*"
          outboundTrafficPolicy:
            mode: REGISTRY_ONLY
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata:
          name: egress-proxy
          namespace: prod
        spec:
          egress:
          - hosts:
            - "./*"
            - "~/*.internal.example.com"
          outboundTrafficPolicy:
            mode: ALLOW_ANY
            egressProxy:
              host: foo.bar.com
              subset: v1
              port:
                number: 443
        """);

    assertThat(config.diagnostics()).isEmpty();
    assertThat(config.sidecars()).hasSize(3);
  }

  @Test
  void warnsAboutDuplicateImports() {
    String yaml = sidecar("""
        egress:
        - hosts:
          - "./*"
          - "prod/reviews.prod.svc.cluster.local"  # <<
        """);
    MeshConfig config = load(yaml);

    assertThat(config.errors()).isEmpty();
    assertThat(config.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("spec.egress[0].hosts[1]");
      assertThat(d.line()).isEqualTo(markedLine(yaml));
      assertThat(d.message()).contains("an earlier entry already imports it");
    });
  }
}

package io.meshlet.config.internal;

import static io.meshlet.config.internal.VirtualServiceValidatorTest.ROUTE;
import static io.meshlet.config.internal.VirtualServiceValidatorTest.bad;
import static io.meshlet.config.internal.VirtualServiceValidatorTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.internal.VirtualServiceValidatorTest.Case;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** VirtualService fields that load but do nothing (in-process, or in Istio too) are named by a warning, never silent. */
class VirtualServiceWarningsTest {
  /** What loads but has no effect (in-process, or anywhere), each named with a warning at its own line. */
  static Stream<Case> noEffect() {
    return Stream.of(
        bad("VirtualService bound only to gateways", "hosts: [reviews]\ngateways: [istio-system/ingress]\n" + ROUTE,
            "spec.gateways", 7, "applies only to those gateways and is ignored in-process"),
        bad("TLS routes", """
            hosts: [a.example.com]
            tls:
            - match:
              - sniHosts: [a.example.com]
              route:
              - destination:
                  host: a.example.com
            """, "spec.tls", 7, "TLS routes have no effect in-process"),
        bad("TCP routes", """
            hosts: [mongo.prod.svc.cluster.local]
            tcp:
            - match:
              - port: 27017
              route:
              - destination:
                  host: mongo.backup.svc.cluster.local
                  port:
                    number: 5555
            """, "spec.tcp", 7, "TCP routes have no effect in-process"),
        bad("match block bound only to a gateway", """
            hosts: [reviews]
            http:
            - match:
              - gateways: [istio-system/egress]
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].gateways", 9, "never matches in-process"),
        bad("statPrefix", """
            hosts: [reviews]
            http:
            - match:
              - uri:
                  prefix: /api
                statPrefix: api
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].statPrefix", 11, "Envoy's per-route statistics"),
        bad("sourceLabels next to gateways", """
            hosts: [reviews]
            http:
            - match:
              - gateways: [mesh]
                sourceLabels:
                  app: productpage
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].sourceLabels", 10, "ignoring sourceLabels"),
        bad("deprecated mirrorPercent", """
            hosts: [httpbin]
            http:
            - route:
              - destination:
                  host: httpbin
              mirror:
                host: httpbin-shadow
              mirrorPercent: 50
            """, "spec.http[0].mirrorPercent", 13, "is deprecated; use mirrorPercentage"),
        bad("abort without a status", """
            hosts: [ratings]
            http:
            - route:
              - destination:
                  host: ratings
              fault:
                abort:
                  percentage:
                    value: 10
            """, "spec.http[0].fault.abort", 12, "never aborts a request"),
        bad("delay without fixedDelay", """
            hosts: [ratings]
            http:
            - route:
              - destination:
                  host: ratings
              fault:
                delay:
                  percentage:
                    value: 10
            """, "spec.http[0].fault.delay", 12, "never delays a request"),
        bad("route after a catch-all", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
            - match:
              - uri:
                  prefix: /v2
              route:
              - destination:
                  host: reviews
            """, "spec.http[1]", 11, "unreachable: http[0] has no match"),
        bad("match block repeating an earlier one", """
            hosts: [reviews]
            http:
            - match:
              - uri:
                  prefix: /v1
              route:
              - destination:
                  host: reviews
            - match:
              - name: again
                uri:
                  prefix: /v1
              - uri:
                  prefix: /v2
              route:
              - destination:
                  host: reviews
            """, "spec.http[1].match[0]", 15, "never used: http[0].match[0] has the same conditions"),
        bad("legacy gateway name", "hosts: [reviews]\ngateways: [mesh, ingress.istio-system]\n" + ROUTE,
            "spec.gateways[1]", 7, "prefer <namespace>/<name>: \"istio-system/ingress\""),
        bad("JWT claim match in a gateway VirtualService", """
            hosts: [bookinfo.example.com]
            gateways: [istio-system/ingress]
            http:
            - match:
              - headers:
                  "@request.auth.claims.groups":
                    exact: admin
              route:
              - destination:
                  host: productpage
            """, "spec.gateways", 7, "is ignored in-process"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noEffect")
  void warnsAboutFieldsWithoutEffect(Case c) {
    MeshConfig config = read(c.body());

    assertThat(config.errors()).isEmpty();
    assertThat(config.diagnostics()).anySatisfy(d -> {
      assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
      assertThat(d.path()).isEqualTo(c.path());
      assertThat(d.line()).isEqualTo(c.line());
      assertThat(d.message()).contains(c.message());
    });
    assertThat(config.virtualServices()).hasSize(1);
  }
}

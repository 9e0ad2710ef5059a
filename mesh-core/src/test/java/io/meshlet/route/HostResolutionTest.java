package io.meshlet.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.Workload;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.registry.Service;
import io.meshlet.route.RouteDecision.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the request's host and port find a virtual host: Istio's domains, wildcards, default route, unknown hosts. */
class HostResolutionTest {
  private static final String REVIEWS = "reviews.default.svc.cluster.local";
  private static final Workload IN_OTHER = new Workload("client", "other", Map.of("app", "client"));

  private static final String REVIEWS_V2 = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: default}
      spec:
        hosts: [reviews]
        http:
        - route: [{destination: {host: reviews, subset: v2}}]
      """;

  @Test
  void everyNameOfAServiceFromTheSameNamespaceReachesItsVirtualService() {
    Fixture f = Fixture.of(REVIEWS_V2, Fixture.bookinfo());
    for (String host : List.of("reviews", "reviews.default", "reviews.default.svc", REVIEWS, "REVIEWS")) {
      RouteDecision d = f.get("http://" + host + ":9080/");
      assertThat(d.cluster()).as(host).isEqualTo(new ClusterKey(REVIEWS, "v2", 9080));
      assertThat(d.serviceHost()).isEqualTo(REVIEWS);
    }
  }

  @Test
  void theHostHeaderPortPlaysNoPartInHostMatching() {
    Fixture f = Fixture.of(REVIEWS_V2, Fixture.bookinfo());
    RouteDecision d = f.route(Fixture.request("GET", "http://10.0.0.7:9080/", "host", "reviews:1234"));
    assertThat(d.cluster().subset()).isEqualTo("v2");
  }

  @Test
  void fromAnotherNamespaceTheBareNameIsNotTheService() {
    Fixture f = Fixture.of(REVIEWS_V2, IN_OTHER, Fixture.bookinfo());
    assertThat(f.get("http://reviews.default:9080/").cluster().subset()).isEqualTo("v2");
    assertThat(f.get("http://reviews.default.svc:9080/").cluster().subset()).isEqualTo("v2");
    assertThat(f.get("http://" + REVIEWS + ":9080/").cluster().subset()).isEqualTo("v2");
    assertThat(f.get("http://reviews:9080/").outcome()).isEqualTo(Outcome.PASSTHROUGH);
  }

  @Test
  void shortNamesInAVirtualServiceResolveAgainstTheRulesNamespace() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: prod}
        spec:
          hosts: [reviews]
          http:
          - route: [{destination: {host: reviews}}]
        """, Fixture.svc("reviews.prod.svc.cluster.local", 9080), Fixture.svc(REVIEWS, 9080));
    assertThat(f.get("http://reviews.prod:9080/").virtualService()).isEqualTo("prod/reviews");
    assertThat(f.get("http://reviews.prod:9080/").cluster().host()).isEqualTo("reviews.prod.svc.cluster.local");
    assertThat(f.get("http://reviews:9080/").virtualService()).isNull();
  }

  @Test
  void aMeshServiceWithoutVirtualServiceGetsIstiosDefaultRoute() {
    Fixture f = Fixture.of("", Fixture.bookinfo());
    RouteDecision d = f.get("http://ratings:9080/ratings/0");
    assertThat(d.outcome()).isEqualTo(Outcome.FORWARD);
    assertThat(d.cluster()).isEqualTo(new ClusterKey("ratings.default.svc.cluster.local", "", 9080));
    assertThat(d.virtualService()).isNull();
    assertThat(d.routeName()).isEqualTo("default");
    assertThat(d.retryPolicy()).isEqualTo(RetryPolicy.istioDefault());
    assertThat(d.timeout()).isNull();
  }

  @Test
  void aServiceIsOnlyFoundOnItsOwnPorts() {
    Fixture f = Fixture.of("", Fixture.bookinfo());
    assertThat(f.get("http://ratings/").outcome()).isEqualTo(Outcome.PASSTHROUGH);
    assertThat(f.get("http://ratings:9080/").outcome()).isEqualTo(Outcome.FORWARD);
  }

  @Test
  void unknownHostsPassThroughUnderAllowAny() {
    Fixture f = Fixture.of(REVIEWS_V2, Fixture.bookinfo());
    RouteDecision d = f.get("https://api.example.com/v1");
    assertThat(d.outcome()).isEqualTo(Outcome.PASSTHROUGH);
    assertThat(d.serviceHost()).isNull();
    assertThat(d.cluster()).isNull();
    assertThat(d.retryPolicy().enabled()).isFalse();
    assertThat(d.routeName()).isEqualTo("allow_any");
  }

  @Test
  void unknownHostsAreBlockedWith502UnderASidecarsRegistryOnly() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: default, namespace: default}
        spec:
          outboundTrafficPolicy: {mode: REGISTRY_ONLY}
        """, Fixture.bookinfo());
    RouteDecision d = f.get("https://api.example.com/v1");
    assertThat(d.outcome()).isEqualTo(Outcome.BLOCKED);
    assertThat(d.status()).isEqualTo(502);
    assertThat(f.get("http://ratings:9080/").outcome()).isEqualTo(Outcome.FORWARD);
  }

  @Test
  void serviceEntryHostsAreMatchedAsWrittenAndWildcardsBySuffix() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: api}
        spec:
          hosts: [api.example.com]
          http:
          - timeout: 3s
            route: [{destination: {host: api.example.com}}]
        """, Fixture.svc("api.example.com", 443, 80), Fixture.svc("*.wild.example.com", 80));
    RouteDecision d = f.get("http://api.example.com/");
    assertThat(d.virtualService()).isEqualTo("default/api");
    assertThat(d.cluster()).isEqualTo(new ClusterKey("api.example.com", "", 80));
    RouteDecision w = f.get("http://a.b.wild.example.com/");
    assertThat(w.outcome()).isEqualTo(Outcome.FORWARD);
    assertThat(w.cluster().host()).isEqualTo("*.wild.example.com");
    assertThat(f.get("http://wild.example.com/").outcome()).isEqualTo(Outcome.PASSTHROUGH);
  }

  @Test
  void aVirtualServiceHostOutsideTheRegistryAppliesOnPort80Only() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: bookinfo}
        spec:
          hosts: [bookinfo.example.com]
          http:
          - route: [{destination: {host: productpage, port: {number: 9080}}}]
        """, Fixture.bookinfo());
    RouteDecision d = f.get("http://bookinfo.example.com/productpage");
    assertThat(d.cluster()).isEqualTo(new ClusterKey("productpage.default.svc.cluster.local", "", 9080));
    assertThat(d.serviceHost()).isEqualTo("bookinfo.example.com");
    assertThat(f.get("http://bookinfo.example.com:8080/").outcome()).isEqualTo(Outcome.PASSTHROUGH);
  }

  @Test
  void theMostSpecificWildcardVirtualServiceOwnsAService() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: broad}
        spec:
          hosts: ["*.example.com"]
          http: [{route: [{destination: {host: broad.example.com}}]}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: narrow}
        spec:
          hosts: ["*.api.example.com"]
          http: [{route: [{destination: {host: narrow.example.com}}]}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: exact}
        spec:
          hosts: ["exact.api.example.com"]
          http: [{route: [{destination: {host: exact.example.com}}]}]
        """, Fixture.svc("v1.api.example.com", 80), Fixture.svc("www.example.com", 80),
        Fixture.svc("exact.api.example.com", 80));
    assertThat(f.get("http://v1.api.example.com/").virtualService()).isEqualTo("default/narrow");
    assertThat(f.get("http://www.example.com/").virtualService()).isEqualTo("default/broad");
    assertThat(f.get("http://exact.api.example.com/").virtualService()).isEqualTo("default/exact");
  }

  @Test
  void ofTwoVirtualServicesForOneHostTheOldestWinsAndTheOtherIsReported() {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: newer, creationTimestamp: "2024-05-02T10:00:00Z"}
        spec:
          hosts: [reviews]
          http: [{route: [{destination: {host: reviews, subset: v3}}]}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: older, creationTimestamp: "2024-05-01T10:00:00Z"}
        spec:
          hosts: [reviews]
          http: [{route: [{destination: {host: reviews, subset: v1}}]}]
        """;
    Fixture f = Fixture.of(yaml, Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/").virtualService()).isEqualTo("default/older");
    assertThat(f.warnings).anySatisfy(d -> assertThat(d.message()).contains("default/newer").contains("oldest wins"));
    assertThat(f.explain("http://reviews:9080/").host().notes()).anySatisfy(n -> assertThat(n).contains("default/newer"));
  }

  @Test
  void withoutTimestampsLoadOrderDecidesWhichVirtualServiceIsOldest() {
    Fixture f = Fixture.of(REVIEWS_V2 + """
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews-again}
        spec:
          hosts: [reviews]
          http: [{route: [{destination: {host: reviews, subset: v3}}]}]
        """, Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/").virtualService()).isEqualTo("default/reviews");
    assertThat(f.warnings).hasSize(1);
  }

  @Test
  void aVirtualServiceExportedToItsOwnNamespaceIsInvisibleElsewhere() {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: default}
        spec:
          hosts: [reviews]
          exportTo: ["."]
          http: [{route: [{destination: {host: reviews, subset: v2}}]}]
        """;
    assertThat(Fixture.of(yaml, Fixture.bookinfo()).get("http://reviews:9080/").cluster().subset()).isEqualTo("v2");
    RouteDecision other = Fixture.of(yaml, IN_OTHER, Fixture.bookinfo()).get("http://reviews.default:9080/");
    assertThat(other.virtualService()).isNull();
    assertThat(other.cluster().subset()).isEmpty();
  }

  @Test
  void aVirtualServiceExportedToTheClientsNamespaceBeatsAPublicOne() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: public, namespace: default, creationTimestamp: "2020-01-01T00:00:00Z"}
        spec:
          hosts: [reviews.default.svc.cluster.local]
          http: [{route: [{destination: {host: reviews.default.svc.cluster.local, subset: v1}}]}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: for-other, namespace: default, creationTimestamp: "2024-01-01T00:00:00Z"}
        spec:
          hosts: [reviews.default.svc.cluster.local]
          exportTo: [other]
          http: [{route: [{destination: {host: reviews.default.svc.cluster.local, subset: v3}}]}]
        """, IN_OTHER, Fixture.bookinfo());
    assertThat(f.get("http://reviews.default:9080/").virtualService()).isEqualTo("default/for-other");
  }

  @Test
  void aServiceNotExportedToTheClientsNamespaceIsUnknownThere() {
    Service hidden = Fixture.svc("secret.default.svc.cluster.local", List.of("."), 8080);
    assertThat(Fixture.of("", hidden).get("http://secret:8080/").outcome()).isEqualTo(Outcome.FORWARD);
    assertThat(Fixture.of("", IN_OTHER, hidden).get("http://secret.default:8080/").outcome())
        .isEqualTo(Outcome.PASSTHROUGH);
  }

  @Test
  void aSidecarImportsOnlyItsEgressHosts() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: default, namespace: default}
        spec:
          egress:
          - hosts: ["./reviews.default.svc.cluster.local", "istio-system/*"]
          outboundTrafficPolicy: {mode: REGISTRY_ONLY}
        """ + "---\n" + REVIEWS_V2, Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/").cluster().subset()).isEqualTo("v2");
    assertThat(f.get("http://ratings:9080/").outcome()).isEqualTo(Outcome.BLOCKED);
  }

  @Test
  void aSidecarSelectingTheWorkloadBeatsTheNamespaceAndRootDefaults() {
    String sidecars = """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: mesh-default, namespace: istio-system}
        spec:
          outboundTrafficPolicy: {mode: REGISTRY_ONLY}
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: for-productpage, namespace: default}
        spec:
          workloadSelector: {labels: {app: productpage}}
          egress: [{hosts: ["*/*"]}]
          outboundTrafficPolicy: {mode: ALLOW_ANY}
        """;
    assertThat(Fixture.of(sidecars, Fixture.bookinfo()).get("http://example.com/").outcome())
        .isEqualTo(Outcome.PASSTHROUGH);
    Workload ratings = new Workload("ratings-v1", "default", Map.of("app", "ratings"));
    assertThat(Fixture.of(sidecars, ratings, Fixture.bookinfo()).get("http://example.com/").outcome())
        .isEqualTo(Outcome.BLOCKED);
  }

  @Test
  void anEgressListenerWithAPortServesOnlyThatPort() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: default, namespace: default}
        spec:
          egress:
          - port: {number: 9080, protocol: HTTP, name: http}
            hosts: ["./ratings.default.svc.cluster.local"]
          - hosts: ["./*"]
        """, Fixture.svc("ratings.default.svc.cluster.local", 9080),
        Fixture.svc("reviews.default.svc.cluster.local", 9080, 8080));
    assertThat(f.get("http://ratings:9080/").outcome()).isEqualTo(Outcome.FORWARD);
    assertThat(f.get("http://reviews:9080/").outcome()).isEqualTo(Outcome.PASSTHROUGH);
    assertThat(f.get("http://reviews:8080/").outcome()).isEqualTo(Outcome.FORWARD);
  }

  @Test
  void aVirtualServiceBoundOnlyToGatewaysDoesNotApplyToSidecars() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          gateways: [bookinfo-gateway]
          http: [{route: [{destination: {host: reviews, subset: v2}}]}]
        """, Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/").virtualService()).isNull();
  }
}

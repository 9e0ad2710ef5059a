package io.meshlet.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.cluster.ClusterKey;
import io.meshlet.route.RouteDecision.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Delegate VirtualServices: one level, matches merged as root ∧ delegate, unset fields inherited. */
class DelegateTest {
  private static final String ROOT = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: root, namespace: default}
      spec:
        hosts: [reviews]
        http:
        - name: api
          match: [{uri: {prefix: /api}}]
          timeout: 5s
          headers: {request: {set: {x-root: "1"}}}
          delegate: {name: reviews-api, namespace: team}
        - route: [{destination: {host: reviews, subset: fallback}}]
      """;

  private static Fixture withDelegate(String delegateSpec) {
    return Fixture.of(ROOT + """
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews-api, namespace: team}
        spec:
        %s
        """.formatted(delegateSpec.indent(2).stripTrailing()),
        Fixture.bookinfo(Fixture.svc("reviews.team.svc.cluster.local", 9080)));
  }

  @Test
  void delegateRoutesApplyWithinTheRootMatchAndInheritUnsetFields() {
    Fixture f = withDelegate("""
        http:
        - name: v2
          match: [{uri: {prefix: /api/v2}}]
          route: [{destination: {host: reviews.default.svc.cluster.local, subset: v2}}]
        - route: [{destination: {host: reviews.default.svc.cluster.local, subset: v1}}]
          timeout: 1s
        """);
    RouteDecision v2 = f.get("http://reviews:9080/api/v2/x");
    assertThat(v2.cluster().subset()).isEqualTo("v2");
    assertThat(v2.virtualService()).isEqualTo("default/root");
    assertThat(v2.routeIndex()).isZero();
    assertThat(v2.routeName()).isEqualTo("api-v2");
    assertThat(v2.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(v2.requestHeaders().operations()).extracting(HeaderMutation.Operation::name).containsExactly("x-root");
    RouteDecision v1 = f.get("http://reviews:9080/api/other");
    assertThat(v1.cluster().subset()).isEqualTo("v1");
    assertThat(v1.timeout()).isEqualTo(Duration.ofSeconds(1));
    // The delegate's catch-all route is merged with the root's match, so it only covers /api.
    assertThat(f.get("http://reviews:9080/other").cluster().subset()).isEqualTo("fallback");
  }

  @Test
  void delegateShortNamesResolveInTheDelegatesNamespace() {
    Fixture f = withDelegate("""
        http:
        - route: [{destination: {host: reviews}}]
        """);
    assertThat(f.get("http://reviews:9080/api").cluster())
        .isEqualTo(new ClusterKey("reviews.team.svc.cluster.local", "", 9080));
  }

  @Test
  void aDelegateMatchOutsideTheRootMatchDropsThatRoute() {
    Fixture f = withDelegate("""
        http:
        - match: [{uri: {prefix: /other}}]
          route: [{destination: {host: reviews.default.svc.cluster.local, subset: wrong}}]
        - route: [{destination: {host: reviews.default.svc.cluster.local, subset: v1}}]
        """);
    assertThat(f.get("http://reviews:9080/api/x").cluster().subset()).isEqualTo("v1");
    assertThat(f.get("http://reviews:9080/other").cluster().subset()).isEqualTo("fallback");
    assertThat(f.warnings).anySatisfy(d -> assertThat(d.message()).contains("not within the match"));
  }

  @Test
  void delegateHeaderMatchesAreAndedWithTheRoots() {
    Fixture f = withDelegate("""
        http:
        - match: [{headers: {end-user: {exact: jason}}}]
          route: [{destination: {host: reviews.default.svc.cluster.local, subset: v2}}]
        """);
    assertThat(f.get("http://reviews:9080/api", "end-user", "jason").cluster().subset()).isEqualTo("v2");
    assertThat(f.get("http://reviews:9080/x", "end-user", "jason").cluster().subset()).isEqualTo("fallback");
    assertThat(f.get("http://reviews:9080/api").cluster().subset()).isEqualTo("fallback");
  }

  @Test
  void aMissingDelegateDropsTheRootRouteWithAWarning() {
    Fixture f = Fixture.of(ROOT, Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/api").cluster().subset()).isEqualTo("fallback");
    assertThat(f.warnings).anySatisfy(d -> assertThat(d.message()).contains("team/reviews-api not found"));
  }

  @Test
  void aDelegateNotExportedToTheRootsNamespaceIsIgnored() {
    Fixture f = withDelegate("""
        exportTo: ["."]
        http:
        - route: [{destination: {host: reviews.default.svc.cluster.local, subset: v2}}]
        """);
    assertThat(f.get("http://reviews:9080/api").cluster().subset()).isEqualTo("fallback");
    assertThat(f.warnings).anySatisfy(d -> assertThat(d.message()).contains("not exported to namespace default"));
  }

  @Test
  void delegatesAreOneLevelDeep() {
    // Istio's validation rejects a delegate that delegates again; an unvalidated one is dropped.
    Fixture f = Fixture.of(List.of(
        Fixture.unvalidated("root", "default", """
            {"hosts": ["reviews"], "http": [{"match": [{"uri": {"prefix": "/api"}}],
              "delegate": {"name": "middle"}}]}
            """),
        Fixture.unvalidated("middle", "default", """
            {"http": [{"delegate": {"name": "leaf"}},
              {"route": [{"destination": {"host": "reviews", "subset": "v1"}}]}]}
            """)), Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/api").cluster().subset()).isEqualTo("v1");
    assertThat(f.warnings).anySatisfy(d -> assertThat(d.message()).contains("one level deep"));
  }

  @Test
  void aDelegateByItselfRoutesNothing() {
    Fixture f = withDelegate("""
        http:
        - directResponse: {status: 418}
        """);
    RouteDecision d = f.get("http://reviews:9080/api");
    assertThat(d.outcome()).isEqualTo(Outcome.DIRECT_RESPONSE);
    assertThat(d.status()).isEqualTo(418);
  }
}

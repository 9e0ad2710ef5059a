package io.meshlet.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.ResponseFlag;
import io.meshlet.Workload;
import io.meshlet.route.RouteDecision.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per HTTPMatchRequest field, each against Istio's and Envoy's documented semantics. */
class MatchConditionsTest {

  /** A VirtualService on reviews whose first route (to subset "hit") has the given match blocks; no fallback route. */
  private static Fixture matching(String matchYaml) {
    return matching(matchYaml, Fixture.PRODUCTPAGE);
  }

  private static Fixture matching(String matchYaml, Workload workload) {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - name: first
            match:
        %s
            route:
            - destination: {host: reviews, subset: hit}
        """.formatted(matchYaml.indent(4).stripTrailing());
    return Fixture.of(yaml, workload, Fixture.bookinfo());
  }

  private static boolean hits(RouteDecision d) {
    return d.outcome() == Outcome.FORWARD && d.cluster().subset().equals("hit");
  }

  @Test
  void uriExactMatchesTheWholePathOnly() {
    Fixture f = matching("- uri: {exact: /reviews}");
    assertThat(hits(f.get("http://reviews:9080/reviews"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/reviews?x=1"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/reviews/1"))).isFalse();
    assertThat(hits(f.get("http://reviews:9080/Reviews"))).isFalse();
  }

  @Test
  void uriPrefixIsAPlainStringPrefix() {
    Fixture f = matching("- uri: {prefix: /foo}");
    assertThat(hits(f.get("http://reviews:9080/foo"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/foobar"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/fo"))).isFalse();
  }

  @Test
  void uriRegexMustMatchTheWholePath() {
    Fixture f = matching("- uri: {regex: \"/reviews/[0-9]+\"}");
    assertThat(hits(f.get("http://reviews:9080/reviews/12"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/reviews/12/x"))).isFalse();
    assertThat(hits(f.get("http://reviews:9080/api/reviews/12"))).isFalse();
  }

  @Test
  void regexAnchorsAreRedundantButAllowed() {
    Fixture f = matching("- uri: {regex: \"^/v[0-9]$\"}");
    assertThat(hits(f.get("http://reviews:9080/v1"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/v12"))).isFalse();
  }

  @Test
  void ignoreUriCaseAppliesToExactAndPrefix() {
    Fixture f = matching("""
        - uri: {prefix: /API}
          ignoreUriCase: true
        - uri: {exact: /Health}
          ignoreUriCase: true
        """);
    assertThat(hits(f.get("http://reviews:9080/api/x"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/HEALTH"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/healthz"))).isFalse();
  }

  @Test
  void ignoreUriCaseDoesNotApplyToRegex() {
    Fixture f = matching("""
        - uri: {regex: "/abc"}
          ignoreUriCase: true
        """);
    assertThat(hits(f.get("http://reviews:9080/abc"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/ABC"))).isFalse();
  }

  @Test
  void caseInsensitiveRegexUsesTheInlineFlag() {
    Fixture f = matching("- uri: {regex: \"(?i)/abc\"}");
    assertThat(hits(f.get("http://reviews:9080/ABC"))).isTrue();
  }

  @Test
  void headerExactPrefixAndRegex() {
    Fixture f = matching("""
        - headers:
            x-a: {exact: one}
            x-b: {prefix: pre}
            x-c: {regex: "v[0-9]+"}
        """);
    assertThat(hits(f.get("http://reviews:9080/", "x-a", "one", "x-b", "prefix", "x-c", "v10"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/", "x-a", "one", "x-b", "prefix", "x-c", "v10x"))).isFalse();
    assertThat(hits(f.get("http://reviews:9080/", "x-a", "One", "x-b", "prefix", "x-c", "v1"))).isFalse();
    assertThat(hits(f.get("http://reviews:9080/", "x-b", "prefix", "x-c", "v1"))).isFalse();
  }

  @Test
  void headerNamesAreCaseInsensitive() {
    Fixture f = matching("""
        - headers:
            end-user: {exact: jason}
        """);
    assertThat(hits(f.get("http://reviews:9080/", "End-User", "jason"))).isTrue();
  }

  @Test
  void emptyHeaderMatchTestsPresenceOnly() {
    Fixture f = matching("""
        - headers:
            x-a: {}
        """);
    assertThat(hits(f.get("http://reviews:9080/", "x-a", ""))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/", "x-b", "1"))).isFalse();
  }

  @Test
  void regexStarTestsPresenceAsIstioTranslatesIt() {
    // Istio's validation now rejects "*", but its translation still reads it as a presence test (#20629).
    Fixture f = Fixture.of(List.of(Fixture.unvalidated("reviews", "default", """
        {"hosts": ["reviews"], "http": [{"match": [{"headers": {"x-b": {"regex": "*"}}}],
          "route": [{"destination": {"host": "reviews", "subset": "hit"}}]}]}
        """)), Fixture.bookinfo());
    assertThat(hits(f.get("http://reviews:9080/", "x-b", "anything"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/"))).isFalse();
  }

  @Test
  void repeatedHeaderValuesAreJoinedWithCommasAsEnvoyDoes() {
    Fixture f = matching("""
        - headers:
            x-a: {exact: "1,2"}
        """);
    assertThat(hits(f.get("http://reviews:9080/", "x-a", "1", "x-a", "2"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/", "x-a", "1"))).isFalse();
  }

  @Test
  void reservedHeaderKeysAreIgnoredWithAWarning() {
    Fixture f = matching("""
        - headers:
            uri: {exact: /never}
        """);
    assertThat(hits(f.get("http://reviews:9080/anything"))).isTrue();
    assertThat(f.warnings).anySatisfy(d -> assertThat(d.toString()).contains("headers.uri").contains("ignored"));
  }

  @Test
  void withoutHeadersMatchesWhenTheHeaderIsAbsentOrDiffers() {
    Fixture f = matching("""
        - withoutHeaders:
            end-user: {exact: jason}
        """);
    assertThat(hits(f.get("http://reviews:9080/"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/", "end-user", "bob"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/", "end-user", "jason"))).isFalse();
  }

  @Test
  void withoutHeadersPresenceMeansTheHeaderMustBeAbsent() {
    Fixture f = matching("""
        - withoutHeaders:
            x-debug: {}
        """);
    assertThat(hits(f.get("http://reviews:9080/"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/", "x-debug", "0"))).isFalse();
  }

  @Test
  void queryParamsExactRegexAndPresence() {
    Fixture f = matching("""
        - queryParams:
            v: {exact: "2"}
            id: {regex: "[0-9]+"}
            debug: {}
        """);
    assertThat(hits(f.get("http://reviews:9080/?v=2&id=77&debug"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/?v=2&id=77"))).isFalse();
    assertThat(hits(f.get("http://reviews:9080/?v=3&id=77&debug=1"))).isFalse();
    assertThat(hits(f.get("http://reviews:9080/?v=2&id=7x&debug"))).isFalse();
  }

  @Test
  void queryParamExactEmptyMatchesABareKey() {
    Fixture f = matching("""
        - queryParams:
            debug: {exact: ""}
        """);
    assertThat(hits(f.get("http://reviews:9080/?debug"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/?debug=1"))).isFalse();
    assertThat(hits(f.get("http://reviews:9080/"))).isFalse();
  }

  @Test
  void methodSchemeAndAuthority() {
    Fixture f = matching("""
        - method: {exact: POST}
          scheme: {exact: http}
          authority: {prefix: reviews}
        """);
    assertThat(hits(f.route(Fixture.request("POST", "http://reviews:9080/")))).isTrue();
    assertThat(hits(f.route(Fixture.request("GET", "http://reviews:9080/")))).isFalse();
    assertThat(hits(f.route(Fixture.request("POST", "http://reviews.default:9080/")))).isTrue();
    assertThat(hits(f.route(Fixture.request("POST", "http://reviews:9080/", "host", "reviews.default.svc:9080"))))
        .isTrue();
  }

  @Test
  void portKeepsTheBlockOnlyForThatServicePort() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match:
            - port: 9080
            route:
            - destination: {host: reviews, subset: hit}
          - route:
            - destination: {host: reviews, subset: other}
        """, Fixture.svc("reviews.default.svc.cluster.local", 9080, 9090));
    assertThat(f.get("http://reviews:9080/").cluster().subset()).isEqualTo("hit");
    assertThat(f.get("http://reviews:9090/").cluster().subset()).isEqualTo("other");
  }

  @Test
  void sourceLabelsKeepTheBlockOnlyForMatchingWorkloads() {
    String block = """
        - sourceLabels: {app: productpage}
        """;
    assertThat(hits(matching(block).get("http://reviews:9080/"))).isTrue();
    Workload other = new Workload("ratings-v1", "default", Map.of("app", "ratings"));
    RouteDecision d = matching(block, other).get("http://reviews:9080/");
    // The only route has no block left for this workload, so Istio leaves reviews to its default route.
    assertThat(d.virtualService()).isNull();
    assertThat(d.routeName()).isEqualTo("default");
  }

  @Test
  void sourceNamespaceKeepsTheBlockOnlyForThatNamespace() {
    String block = """
        - sourceNamespace: default
          uri: {prefix: /}
          headers: {x-a: {}}
        """;
    assertThat(hits(matching(block).get("http://reviews:9080/", "x-a", "1"))).isTrue();
    Workload elsewhere = new Workload("client", "other", Map.of());
    assertThat(matching(block, elsewhere).get("http://reviews.default:9080/", "x-a", "1").virtualService()).isNull();
  }

  @Test
  void gatewaysWithoutMeshDropTheBlockForSidecars() {
    Fixture f = matching("""
        - gateways: [istio-system/ingress]
          uri: {prefix: /a}
        - gateways: [mesh]
          uri: {prefix: /b}
          sourceLabels: {app: nobody}
        """);
    assertThat(hits(f.get("http://reviews:9080/a"))).isFalse();
    // With gateways set, sourceLabels are not checked (Istio's sourceMatchHTTP).
    assertThat(hits(f.get("http://reviews:9080/b"))).isTrue();
  }

  @Test
  void conditionsInABlockAreAndedAndBlocksAreOred() {
    Fixture f = matching("""
        - uri: {prefix: /a}
          headers: {x-a: {exact: "1"}}
        - uri: {prefix: /b}
        """);
    assertThat(hits(f.get("http://reviews:9080/a", "x-a", "1"))).isTrue();
    assertThat(hits(f.get("http://reviews:9080/a"))).isFalse();
    assertThat(hits(f.get("http://reviews:9080/b"))).isTrue();
  }

  @Test
  void firstMatchingRouteWins() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match: [{uri: {prefix: /a}}]
            route: [{destination: {host: reviews, subset: one}}]
          - match: [{uri: {prefix: /a/b}}]
            route: [{destination: {host: reviews, subset: two}}]
        """, Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/a/b").cluster().subset()).isEqualTo("one");
  }

  @Test
  void noMatchingRouteIs404WithFlagNr() {
    Fixture f = matching("- uri: {prefix: /only}");
    RouteDecision d = f.get("http://reviews:9080/elsewhere");
    assertThat(d.outcome()).isEqualTo(Outcome.NO_ROUTE);
    assertThat(d.status()).isEqualTo(404);
    assertThat(d.responseFlag()).isEqualTo(ResponseFlag.NO_ROUTE_FOUND);
    assertThat(d.virtualService()).isEqualTo("default/reviews");
    assertThat(d.serviceHost()).isEqualTo("reviews.default.svc.cluster.local");
  }

  @Test
  void routesAfterACatchAllAreDropped() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match: [{uri: {prefix: /}}]
            route: [{destination: {host: reviews, subset: all}}]
          - match: [{headers: {x-a: {}}}]
            route: [{destination: {host: reviews, subset: never}}]
        """, Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/", "x-a", "1").cluster().subset()).isEqualTo("all");
    assertThat(f.explain("http://reviews:9080/").host().notes()).anySatisfy(n -> assertThat(n).contains("never apply"));
  }

  @Test
  void routeNameJoinsRouteAndMatchNames() {
    Fixture f = matching("""
        - name: by-header
          headers: {x-a: {}}
        - uri: {prefix: /p}
        """);
    assertThat(f.get("http://reviews:9080/", "x-a", "1").routeName()).isEqualTo("first.by-header");
    assertThat(f.get("http://reviews:9080/p").routeName()).isEqualTo("first");
    assertThat(f.get("http://reviews:9080/p").routeIndex()).isZero();
  }

  @Test
  void pathsAreNormalisedBeforeMatching() {
    Fixture f = matching("- uri: {prefix: /admin}");
    RouteDecision d = f.get("http://reviews:9080/public/../admin/x");
    assertThat(hits(d)).isTrue();
    assertThat(d.path()).isEqualTo("/admin/x");
    assertThat(hits(f.get("http://reviews:9080/public/%2e%2e/admin"))).isTrue();
  }

  @Test
  void jwtClaimMatchesNeverHoldInProcess() {
    // Istio's validation rejects claim matches on sidecar routes; unvalidated ones still never match.
    Fixture f = Fixture.of(List.of(Fixture.unvalidated("reviews", "default", """
        {"hosts": ["reviews"], "http": [{"match": [{"headers": {"@request.auth.claims.groups": {"exact": "admin"}}}],
          "route": [{"destination": {"host": "reviews", "subset": "hit"}}]}]}
        """)), Fixture.bookinfo());
    assertThat(hits(f.get("http://reviews:9080/"))).isFalse();
    assertThat(f.warnings).anySatisfy(d -> assertThat(d.message()).contains("RequestAuthentication"));
  }
}

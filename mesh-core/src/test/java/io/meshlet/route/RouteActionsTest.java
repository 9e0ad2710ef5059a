package io.meshlet.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.cluster.ClusterKey;
import io.meshlet.route.HeaderMutation.Action;
import io.meshlet.route.RouteDecision.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per route action: rewrite, redirect, direct response, headers, timeout, retries, fault, mirrors, CORS. */
class RouteActionsTest {
  private static final String REVIEWS = "reviews.default.svc.cluster.local";

  /** A VirtualService on reviews with one route: {@code routeYaml} is the body of {@code http[0]}. */
  private static Fixture route(String routeYaml) {
    return Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          -
        %s
        """.formatted(routeYaml.indent(4).stripTrailing()), Fixture.bookinfo());
  }

  private static final String TO_REVIEWS = "route: [{destination: {host: reviews}}]\n";

  @Test
  void rewriteUriReplacesTheMatchedPrefix() {
    Fixture f = route("""
        match: [{uri: {prefix: /v1/}}]
        rewrite: {uri: /api/}
        """ + TO_REVIEWS);
    assertThat(f.get("http://reviews:9080/v1/items?x=1").path()).isEqualTo("/api/items");
  }

  @Test
  void rewriteUriToSlashAfterAPrefixWithoutTrailingSlashGivesDoubleSlash() {
    // istio/istio#26828: prefix /api with rewrite / sends /api/x upstream as //x.
    Fixture f = route("""
        match: [{uri: {prefix: /api}}]
        rewrite: {uri: /}
        """ + TO_REVIEWS);
    assertThat(f.get("http://reviews:9080/api/x").path()).isEqualTo("//x");
    assertThat(f.get("http://reviews:9080/api").path()).isEqualTo("/");
  }

  @Test
  void rewriteUriReplacesTheWholePathAfterAnExactMatch() {
    Fixture f = route("""
        match: [{uri: {exact: /old}}]
        rewrite: {uri: /new}
        """ + TO_REVIEWS);
    assertThat(f.get("http://reviews:9080/old").path()).isEqualTo("/new");
  }

  @Test
  void rewriteUriWithoutUriMatchReplacesTheLeadingSlash() {
    // Istio matches a route without uri on prefix "/", which prefix_rewrite then replaces.
    Fixture f = route("""
        rewrite: {uri: /base/}
        """ + TO_REVIEWS);
    assertThat(f.get("http://reviews:9080/items").path()).isEqualTo("/base/items");
  }

  @Test
  void uriRegexRewriteSubstitutesGroups() {
    Fixture f = route("""
        rewrite:
          uriRegexRewrite: {match: "^/service/([^/]+)(/.*)$", rewrite: "\\\\2/instance/\\\\1"}
        """ + TO_REVIEWS);
    assertThat(f.get("http://reviews:9080/service/foo/v1/api").path()).isEqualTo("/v1/api/instance/foo");
  }

  @Test
  void uriRegexRewriteReplacesEveryMatch() {
    Fixture f = route("""
        rewrite:
          uriRegexRewrite: {match: "o", rewrite: "0"}
        """ + TO_REVIEWS);
    assertThat(f.get("http://reviews:9080/foo/boo").path()).isEqualTo("/f00/b00");
  }

  @Test
  void rewriteAuthorityReplacesTheAuthority() {
    Fixture f = route("""
        rewrite: {authority: reviews.internal}
        """ + TO_REVIEWS);
    RouteDecision d = f.get("http://reviews:9080/");
    assertThat(d.authority()).isEqualTo("reviews.internal");
    assertThat(d.authorityRewritten()).isTrue();
    assertThat(f.get("http://reviews:9080/").path()).isEqualTo("/");
  }

  @Test
  void authorityIsTheRequestsWhenNotRewritten() {
    Fixture f = route(TO_REVIEWS);
    assertThat(f.get("http://reviews:9080/").authority()).isEqualTo("reviews:9080");
  }

  @Test
  void hostHeaderSetBecomesAnAuthorityRewrite() {
    Fixture f = route("""
        headers:
          request:
            set: {host: other.example.com, x-a: "1"}
        """ + TO_REVIEWS);
    RouteDecision d = f.get("http://reviews:9080/");
    assertThat(d.authority()).isEqualTo("other.example.com");
    assertThat(d.requestHeaders().operations()).extracting(HeaderMutation.Operation::name).containsExactly("x-a");
  }

  @Test
  void redirectReplacesPathKeepsQueryAndHostPortDefault301() {
    Fixture f = route("redirect: {uri: /v2/reviews}\n");
    RouteDecision d = f.get("http://reviews:9080/v1/reviews?id=3");
    assertThat(d.outcome()).isEqualTo(Outcome.REDIRECT);
    assertThat(d.status()).isEqualTo(301);
    assertThat(d.location()).isEqualTo("http://reviews:9080/v2/reviews?id=3");
  }

  @Test
  void redirectAuthoritySchemeAndCode() {
    Fixture f = route("redirect: {authority: new.example.com, scheme: https, redirectCode: 308}\n");
    RouteDecision d = f.get("http://reviews:9080/a");
    assertThat(d.status()).isEqualTo(308);
    assertThat(d.location()).isEqualTo("https://new.example.com/a");
  }

  @Test
  void redirectExplicitPortAndFromRequestPort() {
    assertThat(route("redirect: {authority: a.example.com, port: 8443, scheme: https}\n")
        .get("http://reviews:9080/").location()).isEqualTo("https://a.example.com:8443/");
    assertThat(route("redirect: {authority: a.example.com, derivePort: FROM_REQUEST_PORT}\n")
        .get("http://reviews:9080/").location()).isEqualTo("http://a.example.com:9080/");
  }

  @Test
  void redirectDropsDefaultPortsForTheScheme() {
    assertThat(route("redirect: {authority: a.example.com, port: 443, scheme: https}\n")
        .get("http://reviews:9080/").location()).isEqualTo("https://a.example.com/");
  }

  @Test
  void redirectFromProtocolDefaultKeepsNoPortOfItsOwn() {
    Fixture f = route("redirect: {uri: /x, derivePort: FROM_PROTOCOL_DEFAULT, scheme: https}\n");
    // No port is configured; the request's Host keeps its port unless it is the old scheme's default.
    assertThat(f.get("http://reviews:9080/").location()).isEqualTo("https://reviews:9080/x");
    assertThat(f.route(Fixture.request("GET", "http://reviews:9080/", "host", "reviews:80")).location())
        .isEqualTo("https://reviews/x");
  }

  @Test
  void redirectPrefixRewriteReplacesTheMatchedPrefix() {
    Fixture f = route("""
        match: [{uri: {prefix: /old/}}]
        redirect: {prefixRewrite: /new/}
        """);
    assertThat(f.get("http://reviews:9080/old/a/b").location()).isEqualTo("http://reviews:9080/new/a/b");
  }

  @Test
  void unsupportedRedirectCodeDropsTheRoute() {
    Fixture f = Fixture.of(List.of(Fixture.unvalidated("reviews", "default", """
        {"hosts": ["reviews"], "http": [{"redirect": {"uri": "/x", "redirectCode": 300}}]}
        """)), Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/").routeName()).isEqualTo("default");
    assertThat(f.warnings).anySatisfy(d -> assertThat(d.message()).contains("redirect code 300"));
  }

  @Test
  void directResponseWithStringBody() {
    Fixture f = route("directResponse: {status: 503, body: {string: \"unavailable\"}}\n");
    RouteDecision d = f.get("http://reviews:9080/");
    assertThat(d.outcome()).isEqualTo(Outcome.DIRECT_RESPONSE);
    assertThat(d.status()).isEqualTo(503);
    assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo("unavailable");
    assertThat(d.cluster()).isNull();
  }

  @Test
  void directResponseWithBase64Bytes() {
    Fixture f = route("directResponse: {status: 200, body: {bytes: \"aGVsbG8=\"}}\n");
    assertThat(new String(f.get("http://reviews:9080/").body(), StandardCharsets.UTF_8)).isEqualTo("hello");
  }

  /** Applies a mutation to an ordered multimap, the way an HTTP library would. */
  private static Map<String, List<String>> apply(HeaderMutation m, Map<String, List<String>> start) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    start.forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
    m.applyTo(new HeaderSink() {
      @Override
      public void set(String name, String value) {
        headers.put(name, new ArrayList<>(List.of(value)));
      }

      @Override
      public void add(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }

      @Override
      public void remove(String name) {
        headers.remove(name);
      }
    });
    return headers;
  }

  @Test
  void removesRunBeforeSetAndAddWithinALevel() {
    Fixture f = route("""
        headers:
          request:
            add: {x-b: added}
            set: {x-a: set}
            remove: [x-a, x-b]
        """ + TO_REVIEWS);
    HeaderMutation m = f.get("http://reviews:9080/").requestHeaders();
    assertThat(m.operations()).extracting(HeaderMutation.Operation::action)
        .containsExactly(Action.REMOVE, Action.REMOVE, Action.SET, Action.ADD);
    assertThat(apply(m, Map.of("x-a", List.of("old"), "x-b", List.of("old"))))
        .containsEntry("x-a", List.of("set")).containsEntry("x-b", List.of("added"));
  }

  @Test
  void withOneDestinationItsSetComesLastAndWins() {
    Fixture f = route("""
        headers:
          request: {set: {x-who: route}}
          response: {set: {x-r: route}}
        route:
        - destination: {host: reviews}
          headers:
            request: {set: {x-who: destination}}
            response: {set: {x-r: destination}}
        """);
    RouteDecision d = f.get("http://reviews:9080/");
    assertThat(apply(d.requestHeaders(), Map.of())).containsEntry("x-who", List.of("destination"));
    assertThat(apply(d.responseHeaders(), Map.of())).containsEntry("x-r", List.of("destination"));
  }

  @Test
  void withSeveralDestinationsTheRouteLevelSetWins() {
    Fixture f = route("""
        headers:
          request: {set: {x-who: route}}
        route:
        - destination: {host: reviews, subset: v1}
          weight: 50
          headers:
            request: {set: {x-who: destination, x-only: v1}, remove: [x-gone]}
        - destination: {host: reviews, subset: v2}
          weight: 50
        """);
    RouteDecision v1 = f.table.route(Fixture.request("GET", "http://reviews:9080/"), Fixture.draw(0));
    assertThat(v1.cluster().subset()).isEqualTo("v1");
    assertThat(apply(v1.requestHeaders(), Map.of("x-gone", List.of("1"))))
        .containsEntry("x-who", List.of("route"))
        .containsEntry("x-only", List.of("v1"))
        .doesNotContainKey("x-gone");
  }

  @Test
  void timeoutIsDisabledByDefaultAndTakenFromTheRoute() {
    assertThat(route(TO_REVIEWS).get("http://reviews:9080/").timeout()).isNull();
    assertThat(route("timeout: 1.5s\n" + TO_REVIEWS).get("http://reviews:9080/").timeout())
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void routeWithoutRetriesGetsIstiosDefaultPolicyWithout503() {
    RetryPolicy p = route(TO_REVIEWS).get("http://reviews:9080/").retryPolicy();
    assertThat(p).isEqualTo(RetryPolicy.istioDefault());
    assertThat(p.attempts()).isEqualTo(2);
    assertThat(p.retryOn()).containsExactlyInAnyOrder(RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM,
        RetryOn.UNAVAILABLE, RetryOn.CANCELLED, RetryOn.RETRIABLE_STATUS_CODES);
    assertThat(p.retriableStatusCodes()).isEmpty();
    assertThat(p.retryIgnorePreviousHosts()).isTrue();
    assertThat(p.backoffBase()).isEqualTo(Duration.ofMillis(25));
    assertThat(p.backoffMax()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void explicitRetriesWithStatusCodesAddRetriableStatusCodes() {
    RetryPolicy p = route("""
        retries: {attempts: 3, perTryTimeout: 2s, retryOn: "gateway-error,503,reset", backoff: 100ms,
                  retryRemoteLocalities: true, retryIgnorePreviousHosts: false}
        """ + TO_REVIEWS).get("http://reviews:9080/").retryPolicy();
    assertThat(p.attempts()).isEqualTo(3);
    assertThat(p.perTryTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.retryOn()).containsExactlyInAnyOrder(RetryOn.GATEWAY_ERROR, RetryOn.RESET,
        RetryOn.RETRIABLE_STATUS_CODES);
    assertThat(p.retriableStatusCodes()).isEqualTo(Set.of(503));
    assertThat(p.backoffBase()).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoffMax()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.retryRemoteLocalities()).isTrue();
    assertThat(p.retryIgnorePreviousHosts()).isFalse();
  }

  @Test
  void retriesWithoutRetryOnUseTheDefaultConditions() {
    RetryPolicy p = route("retries: {attempts: 5}\n" + TO_REVIEWS).get("http://reviews:9080/").retryPolicy();
    assertThat(p.attempts()).isEqualTo(5);
    assertThat(p.retryOn()).isEqualTo(RetryPolicy.istioDefault().retryOn());
  }

  @Test
  void zeroAttemptsDisablesRetries() {
    RetryPolicy p = route("retries: {attempts: 0}\n" + TO_REVIEWS).get("http://reviews:9080/").retryPolicy();
    assertThat(p.enabled()).isFalse();
    assertThat(p).isEqualTo(RetryPolicy.none());
  }

  @Test
  void unknownRetryOnTokenIsIgnoredWithAWarning() {
    Fixture f = Fixture.of(List.of(Fixture.unvalidated("reviews", "default", """
        {"hosts": ["reviews"], "http": [{"retries": {"attempts": 1, "retryOn": "5xx, sometimes"},
          "route": [{"destination": {"host": "reviews"}}]}]}
        """)), Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/").retryPolicy().retryOn()).containsExactly(RetryOn.FIVE_XX);
    assertThat(f.warnings).anySatisfy(d -> assertThat(d.message()).contains("sometimes"));
  }

  @Test
  void faultCarriesDelayAndAbortWithPercentagesDefaultingToZero() {
    FaultPolicy fault = route("""
        fault:
          delay: {fixedDelay: 7s, percentage: {value: 100}}
          abort: {httpStatus: 500}
        """ + TO_REVIEWS).get("http://reviews:9080/").fault();
    assertThat(fault).isEqualTo(new FaultPolicy(Duration.ofSeconds(7), 100, 500, null, 0));
  }

  @Test
  void grpcAbortKeepsTheStatusName() {
    FaultPolicy fault = route("""
        fault:
          abort: {grpcStatus: UNAVAILABLE, percentage: {value: 12.5}}
        """ + TO_REVIEWS).get("http://reviews:9080/").fault();
    assertThat(fault.abortGrpcStatus()).isEqualTo("UNAVAILABLE");
    assertThat(fault.abortPercent()).isEqualTo(12.5);
    assertThat(fault.hasDelay()).isFalse();
  }

  @Test
  void mirrorDefaultsToAllRequestsAndExplicitZeroMeansNone() {
    assertThat(route("mirror: {host: ratings}\n" + TO_REVIEWS).get("http://reviews:9080/").mirrors())
        .containsExactly(new MirrorPolicy(new ClusterKey("ratings.default.svc.cluster.local", "", 9080), 100));
    assertThat(route("mirror: {host: ratings}\nmirrorPercentage: {value: 0}\n" + TO_REVIEWS)
        .get("http://reviews:9080/").mirrors()).isEmpty();
  }

  @Test
  void mirrorsListEachWithItsOwnPercentage() {
    List<MirrorPolicy> mirrors = route("""
        mirrors:
        - destination: {host: ratings, subset: v2}
          percentage: {value: 25}
        - destination: {host: details, port: {number: 9080}}
        """ + TO_REVIEWS).get("http://reviews:9080/").mirrors();
    assertThat(mirrors).containsExactly(
        new MirrorPolicy(new ClusterKey("ratings.default.svc.cluster.local", "v2", 9080), 25),
        new MirrorPolicy(new ClusterKey("details.default.svc.cluster.local", "", 9080), 100));
  }

  @Test
  void corsPolicyIsCompiledForTheServerAdapter() {
    Cors cors = route("""
        corsPolicy:
          allowOrigins: [{exact: "https://example.com"}, {regex: "https://.*\\\\.example\\\\.org"}]
          allowMethods: [GET, POST]
          allowHeaders: [x-a]
          maxAge: 24h
          allowCredentials: true
        """ + TO_REVIEWS).get("http://reviews:9080/").cors();
    assertThat(cors.allowsOrigin("https://example.com")).isTrue();
    assertThat(cors.allowsOrigin("https://a.example.org")).isTrue();
    assertThat(cors.allowsOrigin("https://example.net")).isFalse();
    assertThat(cors.allowMethods()).isEqualTo("GET,POST");
    assertThat(cors.maxAge()).isEqualTo(Duration.ofHours(24));
    assertThat(cors.allowCredentials()).isTrue();
    assertThat(cors.forwardNotMatchingPreflights()).isTrue();
  }

  @Test
  void destinationPortIsExplicitElseTheServicesOnlyPortElseTheCalledPort() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match: [{uri: {prefix: /explicit}}]
            route: [{destination: {host: ratings, port: {number: 9999}}}]
          - match: [{uri: {prefix: /only}}]
            route: [{destination: {host: ratings}}]
          - route: [{destination: {host: multi}}]
        """, Fixture.svc("reviews.default.svc.cluster.local", 9080),
        Fixture.svc("ratings.default.svc.cluster.local", 8080),
        Fixture.svc("multi.default.svc.cluster.local", 80, 9080));
    assertThat(f.get("http://reviews:9080/explicit").cluster().port()).isEqualTo(9999);
    assertThat(f.get("http://reviews:9080/only").cluster().port()).isEqualTo(8080);
    assertThat(f.get("http://reviews:9080/x").cluster().port()).isEqualTo(9080);
  }
}

package io.meshlet.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.route.Explanation.Resolution;
import org.junit.jupiter.api.Test;

class ExplanationTest {
  private static final String YAML = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews}
      spec:
        hosts: [reviews]
        http:
        - name: jason
          match:
          - name: by-user
            headers: {end-user: {exact: jason}}
          - sourceLabels: {app: nobody}
          route: [{destination: {host: reviews, subset: v2}}]
        - name: split
          match: [{uri: {prefix: /reviews}}]
          retries: {attempts: 3, retryOn: 5xx}
          fault: {delay: {fixedDelay: 2s, percentage: {value: 10}}}
          route:
          - destination: {host: reviews, subset: v1}
            weight: 75
          - destination: {host: reviews, subset: v3}
            weight: 25
      """;

  @Test
  void explainsWhichConditionFailedAndWhatWasPicked() {
    Fixture f = Fixture.of(YAML, Fixture.bookinfo());
    Explanation e = f.explain("http://reviews:9080/reviews/1", "end-user", "bob");
    assertThat(e.host().resolution()).isEqualTo(Resolution.VIRTUAL_SERVICE);
    assertThat(e.host().virtualService()).isEqualTo("default/reviews");
    assertThat(e.host().domain()).isEqualTo("reviews");
    assertThat(e.routes()).hasSize(2);
    Explanation.RouteCheck first = e.routes().get(0);
    assertThat(first.matched()).isFalse();
    assertThat(first.blocks().get(0).failures()).containsExactly(
        new Explanation.ConditionFailure("headers[end-user]", "exact \"jason\"", "\"bob\""));
    assertThat(first.blocks().get(1).skipped()).contains("sourceLabels");
    assertThat(e.routes().get(1).matched()).isTrue();
    assertThat(e.decision().routeIndex()).isEqualTo(1);
    assertThat(e.decision().destinations()).filteredOn(Explanation.Destination::picked).hasSize(1);
    assertThat(e.decision().actions()).extracting(Explanation.Action::kind)
        .contains("fault", "timeout", "retries");
  }

  @Test
  void explanationAndRouteReachTheSameDecisionForTheSameDraws() {
    Fixture f = Fixture.of(YAML, Fixture.bookinfo());
    MeshRequest r = Fixture.request("GET", "http://reviews:9080/reviews/1");
    for (long seed = 0; seed < 50; seed++) {
      RouteDecision d = f.table.route(r, RandomSource.seeded(seed));
      Explanation e = f.table.explain(r, RandomSource.seeded(seed));
      assertThat(e.decision().cluster()).isEqualTo(d.cluster().toString());
    }
  }

  @Test
  void textNamesTheRouteTheFailureAndTheDefaultRetries() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match: [{headers: {end-user: {exact: jason}}}]
            route: [{destination: {host: reviews, subset: v2}}]
          - route: [{destination: {host: reviews, subset: v1}}]
        """, Fixture.bookinfo());
    String text = f.explain("http://reviews:9080/").toText();
    assertThat(text)
        .contains("VirtualService default/reviews")
        .contains("headers[end-user]: expected exact \"jason\", got absent")
        .contains("outbound|9080|v1|reviews.default.svc.cluster.local")
        .contains("Istio's default policy")
        .contains("timeout: none");
  }

  @Test
  void explainsNoRouteDefaultRouteAndUnknownHosts() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match: [{uri: {prefix: /only}}]
            route: [{destination: {host: reviews}}]
        """, Fixture.bookinfo());
    Explanation none = f.explain("http://reviews:9080/other");
    assertThat(none.decision().outcome()).isEqualTo(RouteDecision.Outcome.NO_ROUTE);
    assertThat(none.decision().responseFlag()).isEqualTo("NR");
    assertThat(none.toText()).contains("uri: expected prefix \"/only\", got \"/other\"").contains("NO_ROUTE 404");
    assertThat(f.explain("http://ratings:9080/").host().resolution()).isEqualTo(Resolution.DEFAULT_ROUTE);
    Explanation unknown = f.explain("http://example.com/");
    assertThat(unknown.host().resolution()).isEqualTo(Resolution.PASSTHROUGH);
    assertThat(unknown.host().reason()).contains("ALLOW_ANY");
  }

  @Test
  void jsonCarriesTheSameFields() throws Exception {
    Fixture f = Fixture.of(YAML, Fixture.bookinfo());
    JsonNode json = new ObjectMapper().readTree(f.explain("http://reviews:9080/reviews/1").toJson());
    assertThat(json.at("/request/path").asText()).isEqualTo("/reviews/1");
    assertThat(json.at("/host/resolution").asText()).isEqualTo("VIRTUAL_SERVICE");
    assertThat(json.at("/routes/0/blocks/0/failures/0/field").asText()).isEqualTo("headers[end-user]");
    assertThat(json.at("/decision/outcome").asText()).isEqualTo("FORWARD");
    assertThat(json.at("/decision/destinations").size()).isEqualTo(2);
  }
}

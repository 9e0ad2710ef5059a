package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.endpoint;
import static io.meshlet.cluster.internal.Fixtures.key;
import static io.meshlet.cluster.internal.Fixtures.registry;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.config.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings without effect in-process are named once per rule and field, never silently ignored. */
class UnsupportedSettingsTest {

  @Test
  void settingsWithoutEffectAreWarnedOncePerRuleAndField() {
    String spec = """
          trafficPolicy:
            tunnel: {targetHost: db.internal, targetPort: 5432}
            retryBudget: {budgetInterval: 10s}
            loadBalancer:
              consistentHash:
                httpHeaderName: x-user
                maglev: {tableSize: 1009}
            outlierDetection: {failurePercentageThreshold: 90}
          subsets:
          - name: v1
            labels: {version: v1}
          - name: v2
            labels: {version: v2}
        """;
    List<Diagnostic> warnings = new ArrayList<>();
    Clusters c = Clusters.compile(yaml(rule(spec)), registry(List.of(endpoint("10.0.0.1", Map.of("version", "v1")))),
        Fixtures.CLIENT, new EndpointStates(new Fixtures.FakeTicker(), null), warnings::add);
    assertThat(warnings).extracting(Diagnostic::path).containsExactlyInAnyOrder(
        "trafficPolicy.tunnel",
        "trafficPolicy.retryBudget.budgetInterval",
        "trafficPolicy.outlierDetection.failurePercentageThreshold");
    assertThat(warnings).allMatch(d -> d.severity() == Diagnostic.Severity.WARNING && d.source().equals("test.yaml")
        && d.line() == 1 && d.message().startsWith("DestinationRule default/reviews: "));
    // The cluster still works.
    assertThat(c.cluster(key("v1")).pick(Fixtures.request(), List.of(), io.meshlet.RandomSource.seeded(1))).isNotNull();
  }
}

package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.endpoint;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import io.meshlet.Workload;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.config.model.LoadBalancerSettings.SimpleLB;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.internal.StaticServiceRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which DestinationRule applies, and how several combine (reference §2.10, §2.12). */
class DestinationRuleLookupTest {
  private static final String HOST = "reviews.prod.svc.cluster.local";
  private static final Workload CLIENT = new Workload("productpage", "default", Map.of("app", "productpage"));

  private final EndpointStates states = new EndpointStates(new Fixtures.FakeTicker(), null);

  private static String dr(String name, String namespace, String host, String body) {
    return "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: " + name
        + "\n  namespace: " + namespace + "\nspec:\n  host: " + host + "\n" + body;
  }

  /** A rule whose effect is a subset named after it, so a test can see which rule applied. */
  private static String marker(String name, String namespace, String host, String extra) {
    return dr(name, namespace, host, "  subsets:\n  - name: " + name + "\n" + extra);
  }

  private Clusters compile(Workload client, String... rules) {
    Service s = Service.of(HOST, "prod", new ServicePort(9080, "http", "HTTP", 0));
    StaticServiceRegistry registry = new StaticServiceRegistry(Map.of(HOST, s),
        Map.of(HOST, List.of(endpoint("10.0.0.1", Map.of("version", "v1")))));
    return Clusters.compile(yaml(rules), registry, client, states, d -> {});
  }

  private static boolean has(Clusters c, String subset) {
    return c.cluster(new ClusterKey(HOST, subset, 9080)) != null;
  }

  @Test
  void clientNamespaceRuleWinsOverServiceNamespaceAndRoot() {
    Clusters c = compile(CLIENT,
        marker("root", "istio-system", HOST, ""),
        marker("svc", "prod", HOST, ""),
        marker("client", "default", HOST, ""));
    assertThat(has(c, "client")).isTrue();
    assertThat(has(c, "svc")).isFalse();
    assertThat(has(c, "root")).isFalse();
  }

  @Test
  void serviceNamespaceRuleWinsOverRootWhenTheClientNamespaceHasNone() {
    Clusters c = compile(CLIENT, marker("root", "istio-system", HOST, ""), marker("svc", "prod", HOST, ""));
    assertThat(has(c, "svc")).isTrue();
    assertThat(has(c, "root")).isFalse();
    assertThat(has(compile(CLIENT, marker("root", "istio-system", "'*.svc.cluster.local'", "")), "root")).isTrue();
  }

  @Test
  void mostSpecificHostWinsWithinANamespace() {
    Clusters c = compile(CLIENT,
        marker("all", "default", "'*'", ""),
        marker("suffix", "default", "'*.prod.svc.cluster.local'", ""),
        marker("wider", "default", "'*.svc.cluster.local'", ""));
    assertThat(has(c, "suffix")).isTrue();
    assertThat(has(c, "wider")).isFalse();
    assertThat(has(c, "all")).isFalse();
    Clusters exact = compile(CLIENT, marker("suffix", "default", "'*.prod.svc.cluster.local'", ""),
        marker("exact", "default", HOST, ""));
    assertThat(has(exact, "exact")).isTrue();
    assertThat(has(exact, "suffix")).isFalse();
  }

  @Test
  void aSpecificRuleInTheClientNamespaceShadowsEvenAWildcardThere() {
    // Istio stops at the first namespace with a matching host, however broad.
    Clusters c = compile(CLIENT, marker("svc", "prod", HOST, ""), marker("any", "default", "'*'", ""));
    assertThat(has(c, "any")).isTrue();
    assertThat(has(c, "svc")).isFalse();
  }

  @Test
  void shortHostNamesResolveAgainstTheRulesNamespace() {
    assertThat(has(compile(CLIENT, marker("short", "prod", "reviews", "")), "short")).isTrue();
    // In the client's namespace "reviews" means reviews.default..., not this service.
    assertThat(has(compile(CLIENT, marker("short", "default", "reviews", "")), "short")).isFalse();
  }

  @Test
  void exportToLimitsWhichClientNamespacesSeeARule() {
    String privateRule = dr("private", "prod", HOST, "  exportTo: ['.']\n  subsets:\n  - name: private\n");
    String toOther = dr("other", "prod", HOST, "  exportTo: ['other']\n  subsets:\n  - name: other\n");
    String toDefault = dr("mine", "prod", HOST, "  exportTo: ['default']\n  subsets:\n  - name: mine\n");
    assertThat(has(compile(CLIENT, privateRule), "private")).isFalse();
    assertThat(has(compile(CLIENT, toOther), "other")).isFalse();
    assertThat(has(compile(CLIENT, toDefault), "mine")).isTrue();
    assertThat(has(compile(CLIENT, privateRule, marker("root", "istio-system", HOST, "")), "root")).isTrue();
    Workload sameNamespace = new Workload("ratings", "prod", Map.of());
    assertThat(has(compile(sameNamespace, privateRule), "private")).isTrue();
  }

  @Test
  void ruleWithMatchingWorkloadSelectorComesBeforeTheCatchAll() {
    String selected = dr("selected", "default", HOST,
        "  workloadSelector:\n    matchLabels: {app: productpage}\n  trafficPolicy:\n    loadBalancer: {simple: RANDOM}\n");
    String catchAll = dr("catchall", "default", HOST, "  trafficPolicy:\n    loadBalancer: {simple: ROUND_ROBIN}\n");
    Clusters c = compile(CLIENT, catchAll, selected);
    assertThat(c.cluster(new ClusterKey(HOST, "", 9080)).policy().loadBalancer().simple()).isEqualTo(SimpleLB.RANDOM);
    Workload other = new Workload("details", "default", Map.of("app", "details"));
    assertThat(compile(other, catchAll, selected).cluster(new ClusterKey(HOST, "", 9080)).policy().loadBalancer()
        .simple()).isEqualTo(SimpleLB.ROUND_ROBIN);
  }

  @Test
  void workloadSelectorRulesAreNeverExported() {
    String selected = dr("selected", "prod", HOST,
        "  workloadSelector:\n    matchLabels: {app: productpage}\n  subsets:\n  - name: selected\n");
    assertThat(has(compile(CLIENT, selected), "selected")).isFalse();
  }

  @Test
  void severalRulesForOneHostConcatenateSubsetsAndKeepTheFirstTrafficPolicy() {
    String first = dr("a", "default", HOST, """
          trafficPolicy:
            loadBalancer: {simple: RANDOM}
          subsets:
          - name: v1
            labels: {version: v1}
        """);
    String second = dr("b", "default", HOST, """
          trafficPolicy:
            loadBalancer: {simple: ROUND_ROBIN}
          subsets:
          - name: v1
            labels: {version: v9}
          - name: v2
            labels: {version: v2}
        """);
    Clusters c = compile(CLIENT, first, second);
    assertThat(c.cluster(new ClusterKey(HOST, "", 9080)).policy().loadBalancer().simple()).isEqualTo(SimpleLB.RANDOM);
    assertThat(has(c, "v2")).isTrue();
    // The first definition of v1 wins: it selects version v1, which the endpoint has.
    Cluster v1 = c.cluster(new ClusterKey(HOST, "v1", 9080));
    assertThat(v1.pick(Fixtures.request(), List.of(), RandomSource.seeded(1))).isNotNull();
  }

  @Test
  void aLaterRuleSuppliesTheTrafficPolicyWhenTheFirstHasNone() {
    String first = dr("a", "default", HOST, "  subsets:\n  - name: v1\n");
    String second = dr("b", "default", HOST, "  trafficPolicy:\n    loadBalancer: {simple: ROUND_ROBIN}\n");
    Clusters c = compile(CLIENT, first, second);
    assertThat(c.cluster(new ClusterKey(HOST, "v1", 9080)).policy().loadBalancer().simple())
        .isEqualTo(SimpleLB.ROUND_ROBIN);
  }

  @Test
  void creationTimestampOrdersRulesBeforeLoadOrder() {
    String newer = dr("newer", "default", HOST, "  trafficPolicy:\n    loadBalancer: {simple: ROUND_ROBIN}\n")
        .replace("namespace: default", "namespace: default\n  creationTimestamp: \"2024-05-01T00:00:00Z\"");
    String older = dr("older", "default", HOST, "  trafficPolicy:\n    loadBalancer: {simple: RANDOM}\n")
        .replace("namespace: default", "namespace: default\n  creationTimestamp: \"2023-01-01T00:00:00Z\"");
    Clusters c = compile(CLIENT, newer, older);
    assertThat(c.cluster(new ClusterKey(HOST, "", 9080)).policy().loadBalancer().simple()).isEqualTo(SimpleLB.RANDOM);
  }
}

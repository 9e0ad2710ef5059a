package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.HOST;
import static io.meshlet.cluster.internal.Fixtures.endpoint;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.cluster.ClusterKey;
import io.meshlet.cluster.ClusterPolicy;
import io.meshlet.config.model.ConnectionPoolSettings;
import io.meshlet.config.model.LoadBalancerSettings.SimpleLB;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.internal.StaticServiceRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Istio's layering of rule, port-level and subset policies (reference §2.11). */
class PolicyLayeringTest {
  private static final long UNLIMITED = ConnectionPoolSettings.UNLIMITED;

  private final EndpointStates states = new EndpointStates(new Fixtures.FakeTicker(), null);

  private ClusterPolicy policy(String spec, String subset, int port) {
    Service s = new Service(HOST, "default", List.of(new ServicePort(9080, "http", "HTTP", 0),
        new ServicePort(9090, "http-admin", "HTTP", 0)), null, null, List.of(), List.of());
    StaticServiceRegistry registry = new StaticServiceRegistry(Map.of(HOST, s),
        Map.of(HOST, List.of(endpoint("10.0.0.1", Map.of("version", "v1")))));
    Clusters clusters = Clusters.compile(yaml(rule(spec)), registry, Fixtures.CLIENT, states, d -> {});
    return clusters.cluster(new ClusterKey(HOST, subset, port)).policy();
  }

  @Test
  void withoutRuleEverySectionTakesIstioDefaults() {
    Service s = Service.of(HOST, "default", ServicePort.http(9080));
    StaticServiceRegistry registry = new StaticServiceRegistry(Map.of(HOST, s), Map.of());
    ClusterPolicy p = Clusters.compile(yaml(), registry, Fixtures.CLIENT, states, d -> {})
        .cluster(new ClusterKey(HOST, "", 9080)).policy();
    assertThat(p.loadBalancer().simpleOrDefault()).isEqualTo(SimpleLB.LEAST_REQUEST);
    assertThat(p.outlierDetection()).isNull();
    assertThat(p.tls()).isNull();
    assertThat(p.retryBudget()).isNull();
    assertThat(p.connectionPool().maxRequests()).isEqualTo(UNLIMITED);
    assertThat(p.connectionPool().maxConnections()).isEqualTo(UNLIMITED);
    assertThat(p.connectionPool().connectTimeout()).hasSeconds(10);
    assertThat(p.connectionPool().idleTimeout()).hasHours(1);
  }

  @Test
  void rulePolicyAppliesToEveryPortAndToSubsetsWithoutPolicy() {
    String spec = """
          trafficPolicy:
            loadBalancer: {simple: ROUND_ROBIN}
            connectionPool: {tcp: {maxConnections: 10}}
          subsets:
          - name: v1
            labels: {version: v1}
        """;
    assertThat(policy(spec, "", 9080).loadBalancer().simple()).isEqualTo(SimpleLB.ROUND_ROBIN);
    assertThat(policy(spec, "", 9090).connectionPool().maxConnections()).isEqualTo(10);
    assertThat(policy(spec, "v1", 9080).connectionPool().maxConnections()).isEqualTo(10);
  }

  @Test
  void portLevelSettingsReplaceTheRulePolicyWholesaleForTheirPortOnly() {
    String spec = """
          trafficPolicy:
            connectionPool: {tcp: {maxConnections: 10}}
            outlierDetection: {consecutive5xxErrors: 3}
            retryBudget: {percent: 50}
            portLevelSettings:
            - port: {number: 9080}
              loadBalancer: {simple: RANDOM}
        """;
    ClusterPolicy p9080 = policy(spec, "", 9080);
    assertThat(p9080.loadBalancer().simple()).isEqualTo(SimpleLB.RANDOM);
    // Sections the port-level entry omits fall back to defaults, not to the rule level.
    assertThat(p9080.connectionPool().maxConnections()).isEqualTo(UNLIMITED);
    assertThat(p9080.outlierDetection()).isNull();
    assertThat(p9080.retryBudget()).isNull();
    ClusterPolicy p9090 = policy(spec, "", 9090);
    assertThat(p9090.loadBalancer().simpleOrDefault()).isEqualTo(SimpleLB.LEAST_REQUEST);
    assertThat(p9090.connectionPool().maxConnections()).isEqualTo(10);
    assertThat(p9090.outlierDetection().consecutive5xxErrorsOrDefault()).isEqualTo(3);
    assertThat(p9090.retryBudget().percentOrDefault()).isEqualTo(50);
  }

  @Test
  void subsetSectionsReplaceRuleSectionsWholeSoHttpWipesTcp() {
    String spec = """
          trafficPolicy:
            connectionPool: {tcp: {maxConnections: 10}}
            outlierDetection: {consecutive5xxErrors: 3}
          subsets:
          - name: v1
            labels: {version: v1}
            trafficPolicy:
              connectionPool: {http: {http2MaxRequests: 5}}
        """;
    ClusterPolicy v1 = policy(spec, "v1", 9080);
    assertThat(v1.connectionPool().maxRequests()).isEqualTo(5);
    assertThat(v1.connectionPool().maxConnections()).isEqualTo(UNLIMITED);
    assertThat(v1.outlierDetection().consecutive5xxErrorsOrDefault()).isEqualTo(3);
    // The whole-service cluster does not see the subset's policy.
    assertThat(policy(spec, "", 9080).connectionPool().maxRequests()).isEqualTo(UNLIMITED);
  }

  @Test
  void subsetSectionsApplyOnTopOfTheRulesPortLevelPolicy() {
    String spec = """
          trafficPolicy:
            connectionPool: {tcp: {maxConnections: 10}}
            portLevelSettings:
            - port: {number: 9080}
              loadBalancer: {simple: ROUND_ROBIN}
          subsets:
          - name: v1
            labels: {version: v1}
            trafficPolicy:
              outlierDetection: {consecutive5xxErrors: 2}
        """;
    ClusterPolicy v1 = policy(spec, "v1", 9080);
    assertThat(v1.loadBalancer().simple()).isEqualTo(SimpleLB.ROUND_ROBIN);
    assertThat(v1.outlierDetection().consecutive5xxErrorsOrDefault()).isEqualTo(2);
    assertThat(v1.connectionPool().maxConnections()).isEqualTo(UNLIMITED);
    assertThat(policy(spec, "v1", 9090).connectionPool().maxConnections()).isEqualTo(10);
  }

  @Test
  void subsetPortLevelSettingsReplaceAllFourSectionsEvenUnsetOnes() {
    String spec = """
          trafficPolicy:
            outlierDetection: {consecutive5xxErrors: 3}
            connectionPool: {tcp: {maxConnections: 10}}
            retryBudget: {percent: 30}
          subsets:
          - name: v1
            labels: {version: v1}
            trafficPolicy:
              connectionPool: {http: {http2MaxRequests: 7}}
              portLevelSettings:
              - port: {number: 9080}
                loadBalancer: {simple: RANDOM}
        """;
    ClusterPolicy v1 = policy(spec, "v1", 9080);
    assertThat(v1.loadBalancer().simple()).isEqualTo(SimpleLB.RANDOM);
    assertThat(v1.outlierDetection()).isNull();
    assertThat(v1.connectionPool().maxConnections()).isEqualTo(UNLIMITED);
    assertThat(v1.connectionPool().maxRequests()).isEqualTo(UNLIMITED);
    // Outside the four sections the rule level stays.
    assertThat(v1.retryBudget().percentOrDefault()).isEqualTo(30);
    ClusterPolicy v1Admin = policy(spec, "v1", 9090);
    assertThat(v1Admin.connectionPool().maxRequests()).isEqualTo(7);
    assertThat(v1Admin.outlierDetection().consecutive5xxErrorsOrDefault()).isEqualTo(3);
  }

  @Test
  void subsetPolicyWithoutRulePolicyStandsAlone() {
    String spec = """
          subsets:
          - name: v1
            labels: {version: v1}
            trafficPolicy:
              loadBalancer: {simple: ROUND_ROBIN}
        """;
    assertThat(policy(spec, "v1", 9080).loadBalancer().simple()).isEqualTo(SimpleLB.ROUND_ROBIN);
    assertThat(policy(spec, "", 9080).loadBalancer().simpleOrDefault()).isEqualTo(SimpleLB.LEAST_REQUEST);
  }

  @Test
  void httpIdleTimeoutWinsOverTcpIdleTimeout() {
    String spec = """
          trafficPolicy:
            connectionPool:
              tcp: {idleTimeout: 30s, connectTimeout: 250ms}
              http: {maxRequestsPerConnection: 1}
        """;
    ClusterPolicy.ConnectionPool pool = policy(spec, "", 9080).connectionPool();
    assertThat(pool.idleTimeout()).hasSeconds(30);
    assertThat(pool.connectTimeout()).hasMillis(250);
    assertThat(pool.maxRequestsPerConnection()).isEqualTo(1);
    String both = """
          trafficPolicy:
            connectionPool:
              tcp: {idleTimeout: 30s}
              http: {idleTimeout: 5s}
        """;
    assertThat(policy(both, "", 9080).connectionPool().idleTimeout()).hasSeconds(5);
  }
}

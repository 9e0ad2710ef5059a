package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.compile;
import static io.meshlet.cluster.internal.Fixtures.endpoint;
import static io.meshlet.cluster.internal.Fixtures.key;
import static io.meshlet.cluster.internal.Fixtures.registry;
import static io.meshlet.cluster.internal.Fixtures.request;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import io.meshlet.cluster.Cluster;
import io.meshlet.config.MeshConfig;
import io.meshlet.registry.internal.StaticServiceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clusters are made, with their state, when a request first asks for one; made late, they behave as
 * if made at compile time.
 */
class LazyClustersTest {
  private final Fixtures.FakeTicker ticker = new Fixtures.FakeTicker();
  private final EndpointStates states = new EndpointStates(ticker, null);
  private final StaticServiceRegistry registry = registry(List.of(
      endpoint("10.0.0.1", Map.of("version", "v1")), endpoint("10.0.0.2", Map.of("version", "v2"))));
  private final MeshConfig config = yaml(rule("""
        trafficPolicy:
          loadBalancer: {simple: ROUND_ROBIN}
          outlierDetection: {consecutive5xxErrors: 1, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 100}
        subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}}
      """));

  @Test
  void clustersWithoutTrafficHaveNoState() {
    Clusters clusters = compile(config, registry, states);
    assertThat(states.clusterCount()).isEqualTo(1); // the passthrough cluster
    assertThat(states.endpointCount()).isZero();
    Cluster v1 = clusters.cluster(key("v1"));
    assertThat(v1.endpoints()).extracting(e -> e.address()).containsExactly("10.0.0.1");
    assertThat(clusters.cluster(key("v1"))).isSameAs(v1);
    assertThat(states.clusterCount()).isEqualTo(2);
    assertThat(states.endpointCount()).isEqualTo(1);
    assertThat(clusters.cluster(key("v3"))).isNull();
  }

  @Test
  void aClusterFirstUsedAfterRecompilesSweepsOnTheGridOfItsFirstSnapshot() {
    compile(config, registry, states); // at 0s: the cluster appears; its sweeps are due at 10s, 20s, ...
    ticker.advance(Duration.ofSeconds(5));
    Cluster c = compile(config, registry, states).cluster(key("")); // recompiled at 5s, first used at 7s
    ticker.advance(Duration.ofSeconds(2));
    RandomSource random = RandomSource.seeded(1);
    c.begin(c.endpoints().get(0)).end(503); // ejected at 7s for 30s
    ticker.advance(Duration.ofMillis(32_900)); // 39.9s
    c.pick(request(), List.of(), random);
    assertThat(((HostImpl) c.endpoints().get(0)).state.ejected).isTrue();
    ticker.advance(Duration.ofMillis(100)); // the 40s sweep, as for a cluster made at 0s (not 45s or 47s)
    c.pick(request(), List.of(), random);
    assertThat(((HostImpl) c.endpoints().get(0)).state.ejected).isFalse();
  }

  @Test
  void aRecompileKeepsTheStateOfClustersThatSawTraffic() {
    Cluster before = compile(config, registry, states).cluster(key("v2"));
    before.begin(before.endpoints().get(0)).end(503); // ejects 10.0.0.2 from v2
    Clusters after = compile(config, registry, states);
    assertThat(states.clusterCount()).isEqualTo(2); // made at compile time this time, with its state
    assertThat(((HostImpl) after.cluster(key("v2")).endpoints().get(0)).state.ejected).isTrue();
  }
}

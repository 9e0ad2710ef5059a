package io.meshlet.benchmarks.pick;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.Mesh;
import io.meshlet.RandomSource;
import io.meshlet.cluster.Pick;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.config.model.LoadBalancerSettings.SimpleLB;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PickClusterTest {

  @ParameterizedTest
  @EnumSource(Balancer.class)
  void compilesWithoutWarningsAndBuildsAMeshWithoutDiagnostics(Balancer balancer) {
    try (PickCluster fixture = PickCluster.of(balancer, 30);
        Mesh mesh = Mesh.builder().workload(PickCluster.workload()).config(fixture.config()).build()) {
      assertThat(fixture.warnings()).isEmpty();
      assertThat(mesh.diagnostics()).isEmpty();
      assertThat(fixture.cluster().endpoints()).hasSize(30);
      assertThat(fixture.cluster().policy().outlierDetection()).isNotNull();
    }
  }

  @Test
  void eachBalancerGetsItsPolicy() {
    try (PickCluster rr = PickCluster.of(Balancer.ROUND_ROBIN, 3);
        PickCluster ring = PickCluster.of(Balancer.RING_HASH, 3);
        PickCluster maglev = PickCluster.of(Balancer.MAGLEV, 3);
        PickCluster weighted = PickCluster.of(Balancer.LEAST_REQUEST_WEIGHTED, 3)) {
      assertThat(rr.cluster().policy().loadBalancer().simpleOrDefault()).isEqualTo(SimpleLB.ROUND_ROBIN);
      assertThat(ring.cluster().policy().loadBalancer().consistentHash().httpHeaderName())
          .isEqualTo(Balancer.HASH_HEADER);
      assertThat(ring.cluster().policy().loadBalancer().consistentHash().ringHash()).isNotNull();
      assertThat(maglev.cluster().policy().loadBalancer().consistentHash().maglev()).isNotNull();
      assertThat(weighted.cluster().endpoints()).extracting(UpstreamEndpoint::weight).containsExactly(1, 2, 3);
    }
  }

  @ParameterizedTest
  @EnumSource(Balancer.class)
  void theBenchmarkRequestsReachEveryEndpoint(Balancer balancer) throws InterruptedException {
    try (PickCluster fixture = PickCluster.of(balancer, 30)) {
      Set<String> seen = new HashSet<>();
      RandomSource random = RandomSource.seeded(1);
      for (int k = 0; k < 1024; k++) {
        seen.add(EndpointPickBenchmark.attempt(fixture.cluster(), PickCluster.request(k), random).endpoint().address());
      }
      assertThat(seen).hasSize(30);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Balancer.class, names = {"RING_HASH", "MAGLEV"})
  void consistentHashingKeepsAKeyOnOneEndpoint(Balancer balancer) {
    try (PickCluster fixture = PickCluster.of(balancer, 30)) {
      RandomSource random = RandomSource.seeded(1);
      for (int k = 0; k < 50; k++) {
        Pick first = fixture.cluster().pick(PickCluster.request(k), List.of(), random);
        Pick again = fixture.cluster().pick(PickCluster.request(k), List.of(), random);
        assertThat(again.endpoint()).isSameAs(first.endpoint());
      }
    }
  }

  @Test
  void weightedLeastRequestFollowsTheWeightsWhenEveryAttemptEnds() throws InterruptedException {
    // weight / (active + 1): with every attempt ended, active is back to 0 and picks follow 1:2:3.
    try (PickCluster fixture = PickCluster.of(Balancer.LEAST_REQUEST_WEIGHTED, 3)) {
      Map<Integer, Integer> byWeight = new HashMap<>();
      RandomSource random = RandomSource.seeded(1);
      for (int k = 0; k < 600; k++) {
        Pick pick = EndpointPickBenchmark.attempt(fixture.cluster(), PickCluster.request(k), random);
        byWeight.merge(pick.endpoint().weight(), 1, Integer::sum);
      }
      assertThat(byWeight.get(1)).isBetween(98, 102);
      assertThat(byWeight.get(2)).isBetween(198, 202);
      assertThat(byWeight.get(3)).isBetween(298, 302);
    }
  }
}

package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.chiSquared;
import static io.meshlet.cluster.internal.Fixtures.distribution;
import static io.meshlet.cluster.internal.Fixtures.key;
import static io.meshlet.cluster.internal.Fixtures.registry;
import static io.meshlet.cluster.internal.Fixtures.request;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import io.meshlet.Workload;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.registry.Endpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Locality priorities, spill-over and weights (reference §2.15). */
class LocalityFailoverTest {
  private static final Workload CLIENT = new Workload("productpage", "default",
      Map.of("app", "productpage", "topology.kubernetes.io/region", "us-east",
          "topology.kubernetes.io/zone", "zone1", "topology.istio.io/subzone", "sub1"));
  private static final String OUTLIER = "    outlierDetection: {consecutive5xxErrors: 1, maxEjectionPercent: 100}\n";

  private final EndpointStates states = new EndpointStates(new Fixtures.FakeTicker(), null);
  private final RandomSource random = RandomSource.seeded(9);

  private static Endpoint at(String address, String locality) {
    return Fixtures.endpoint(address).withLocality(locality);
  }

  private ClusterImpl cluster(String policy, Workload client, List<Endpoint> endpoints) {
    Clusters c = Clusters.compile(yaml(rule("  trafficPolicy:\n" + policy)), registry(endpoints), client, states,
        d -> {});
    return (ClusterImpl) c.cluster(key(""));
  }

  private static int priority(Cluster c, String address) {
    for (UpstreamEndpoint e : c.endpoints()) {
      if (e.address().equals(address)) {
        return ((HostImpl) e).priority;
      }
    }
    throw new AssertionError(address);
  }

  private static final List<Endpoint> SPREAD = List.of(
      at("10.0.0.1", "us-east/zone1/sub1"),
      at("10.0.0.2", "us-east/zone1/sub2"),
      at("10.0.0.3", "us-east/zone2/sub1"),
      at("10.0.0.4", "eu-west/zone1/sub1"));

  @Test
  void withoutOutlierDetectionLocalityIsIgnored() {
    ClusterImpl c = cluster("    loadBalancer: {simple: ROUND_ROBIN}\n", CLIENT, SPREAD);
    assertThat(distribution(c, request(), 40, random)).hasSize(4);
  }

  @Test
  void prioritiesFollowSubzoneZoneRegion() {
    ClusterImpl c = cluster(OUTLIER, CLIENT, SPREAD);
    assertThat(List.of(priority(c, "10.0.0.1"), priority(c, "10.0.0.2"), priority(c, "10.0.0.3"),
        priority(c, "10.0.0.4"))).containsExactly(0, 1, 2, 3);
    assertThat(c.priorityLoad()).containsExactly(100, 0, 0, 0);
    assertThat(distribution(c, request(), 50, random)).containsOnlyKeys("10.0.0.1");
  }

  @Test
  void trafficSpillsToTheNextPriorityAsHealthDropsWithOverprovisioning() {
    List<Endpoint> eps = List.of(
        at("10.0.0.1", "us-east/zone1/sub1"), at("10.0.0.2", "us-east/zone1/sub1"),
        at("10.0.0.3", "us-east/zone1/sub1"), at("10.0.0.4", "us-east/zone1/sub1"),
        at("10.0.1.1", "us-east/zone2/sub1"), at("10.0.1.2", "us-east/zone2/sub1"));
    ClusterImpl c = cluster(OUTLIER, CLIENT, eps);
    fail(c, "10.0.0.1");
    // 3 of 4 healthy: 75% x 1.4 > 100%, so P0 still takes everything.
    assertThat(c.priorityLoad()).containsExactly(100, 0);
    fail(c, "10.0.0.2");
    // 2 of 4: 50% x 1.4 = 70%; the rest spills to P1.
    assertThat(c.priorityLoad()[0]).isCloseTo(70, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(c.priorityLoad()[1]).isCloseTo(30, org.assertj.core.data.Offset.offset(1e-9));
    Map<String, Integer> seen = distribution(c, request(), 10_000, random);
    int p1 = seen.getOrDefault("10.0.1.1", 0) + seen.getOrDefault("10.0.1.2", 0);
    assertThat(p1 / 10_000.0).isBetween(0.28, 0.32);
    fail(c, "10.0.0.3");
    fail(c, "10.0.0.4");
    assertThat(c.priorityLoad()).containsExactly(0, 100);
  }

  @Test
  void failoverSendsAnotherRegionsTrafficToTheNamedRegionFirst() {
    List<Endpoint> eps = List.of(at("10.0.0.1", "us-east/zone1/sub1"), at("10.0.0.2", "us-west/zone1/sub1"),
        at("10.0.0.3", "eu-west/zone1/sub1"));
    String policy = OUTLIER + "    loadBalancer:\n      localityLbSetting:\n        failover:\n"
        + "        - {from: us-east, to: eu-west}\n";
    ClusterImpl c = cluster(policy, CLIENT, eps);
    assertThat(priority(c, "10.0.0.1")).isZero();
    assertThat(priority(c, "10.0.0.3")).isEqualTo(1);
    assertThat(priority(c, "10.0.0.2")).isEqualTo(2);
    fail(c, "10.0.0.1");
    assertThat(distribution(c, request(), 30, random)).containsOnlyKeys("10.0.0.3");
  }

  @Test
  void failoverPriorityRanksEndpointsByMatchingClientLabelsInOrder() {
    Workload client = new Workload("productpage", "default", Map.of("network", "n1", "version", "v1"));
    List<Endpoint> eps = List.of(
        Fixtures.endpoint("10.0.0.1", Map.of("network", "n2", "version", "v1")),
        Fixtures.endpoint("10.0.0.2", Map.of("network", "n1", "version", "v2")),
        Fixtures.endpoint("10.0.0.3", Map.of("network", "n1", "version", "v1")));
    String policy = OUTLIER + "    loadBalancer:\n      localityLbSetting:\n        failoverPriority: [network, version]\n";
    ClusterImpl c = cluster(policy, client, eps);
    assertThat(List.of(priority(c, "10.0.0.3"), priority(c, "10.0.0.2"), priority(c, "10.0.0.1")))
        .containsExactly(0, 1, 2);
    String pinned = OUTLIER + "    loadBalancer:\n      localityLbSetting:\n        failoverPriority: [version=v2]\n";
    ClusterImpl p = cluster(pinned, client, eps);
    assertThat(priority(p, "10.0.0.2")).isZero();
    assertThat(priority(p, "10.0.0.1")).isEqualTo(1);
  }

  @Test
  void distributeWeighsLocalitiesAndDropsUnlistedOnes() {
    List<Endpoint> eps = List.of(at("10.0.0.1", "us-east/zone1/sub1"), at("10.0.0.2", "us-east/zone1/sub2"),
        at("10.0.1.1", "us-east/zone2/sub1"), at("10.0.2.1", "us-east/zone3/sub1"));
    String policy = """
            loadBalancer:
              simple: ROUND_ROBIN
              localityLbSetting:
                distribute:
                - from: us-east/zone1/*
                  to:
                    "us-east/zone1/*": 80
                    "us-east/zone2/*": 20
        """.stripIndent().indent(4);
    ClusterImpl c = cluster(policy, CLIENT, eps);
    int n = 10_000;
    Map<String, Integer> seen = distribution(c, request(), n, random);
    assertThat(seen).doesNotContainKey("10.0.2.1");
    Map<String, Integer> byZone = Map.of("zone1", seen.get("10.0.0.1") + seen.get("10.0.0.2"),
        "zone2", seen.get("10.0.1.1"));
    // df = 1, p = 0.001
    assertThat(chiSquared(byZone, Map.of("zone1", 0.8, "zone2", 0.2), n)).isLessThan(10.83);
  }

  @Test
  void localityLbCanBeDisabledPerRule() {
    String policy = OUTLIER + "    loadBalancer:\n      simple: ROUND_ROBIN\n      localityLbSetting: {enabled: false}\n";
    assertThat(distribution(cluster(policy, CLIENT, SPREAD), request(), 40, random)).hasSize(4);
  }

  private static void fail(Cluster c, String address) {
    for (UpstreamEndpoint e : c.endpoints()) {
      if (e.address().equals(address)) {
        c.begin(e).end(503);
      }
    }
  }
}

package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.chiSquared;
import static io.meshlet.cluster.internal.Fixtures.compile;
import static io.meshlet.cluster.internal.Fixtures.distribution;
import static io.meshlet.cluster.internal.Fixtures.endpoint;
import static io.meshlet.cluster.internal.Fixtures.key;
import static io.meshlet.cluster.internal.Fixtures.registry;
import static io.meshlet.cluster.internal.Fixtures.request;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.Pick;
import io.meshlet.cluster.UpstreamCall;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.config.MeshConfig;
import io.meshlet.registry.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBalancerTest {
  private final Fixtures.FakeTicker ticker = new Fixtures.FakeTicker();
  private final EndpointStates states = new EndpointStates(ticker, null);

  private Cluster cluster(String lbYaml, List<Endpoint> endpoints) {
    MeshConfig config = lbYaml == null ? yaml() : yaml(rule("  trafficPolicy:\n    loadBalancer:\n" + lbYaml));
    return compile(config, registry(endpoints), states).cluster(key(""));
  }

  private static List<Endpoint> weighted(int... weights) {
    List<Endpoint> out = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      out.add(endpoint("10.0.0." + (i + 1)).withWeight(weights[i]));
    }
    return out;
  }

  private static List<Endpoint> equal(int n) {
    return weighted(java.util.stream.IntStream.range(0, n).map(i -> 1).toArray());
  }

  @Test
  void weightedRoundRobinFollowsEndpointWeights() {
    Cluster c = cluster("      simple: ROUND_ROBIN\n", weighted(1, 2, 3, 4));
    int n = 10_000;
    Map<String, Integer> seen = distribution(c, request(), n, RandomSource.seeded(1));
    Map<String, Double> expected = Map.of("10.0.0.1", .1, "10.0.0.2", .2, "10.0.0.3", .3, "10.0.0.4", .4);
    // df = 3, p = 0.001
    assertThat(chiSquared(seen, expected, n)).isLessThan(16.27);
  }

  @Test
  void weightedRoundRobinInterleavesRatherThanBursting() {
    Cluster c = cluster("      simple: ROUND_ROBIN\n", weighted(1, 3));
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      order.add(c.pick(request(), List.of(), RandomSource.seeded(1)).endpoint().address());
    }
    // Every window of four picks holds exactly one pick of the weight-1 endpoint.
    assertThat(order.subList(0, 4)).containsOnlyOnce("10.0.0.1");
    assertThat(order.subList(4, 8)).containsOnlyOnce("10.0.0.1");
  }

  @Test
  void roundRobinWithEqualWeightsCyclesInOrder() {
    Cluster c = cluster("      simple: ROUND_ROBIN\n", equal(3));
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      order.add(c.pick(request(), List.of(), RandomSource.seeded(1)).endpoint().address());
    }
    assertThat(order).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.1", "10.0.0.2", "10.0.0.3");
  }

  @Test
  void randomIsUniformWhateverTheWeights() {
    Cluster c = cluster("      simple: RANDOM\n", weighted(1, 1, 5));
    int n = 9_000;
    Map<String, Integer> seen = distribution(c, request(), n, RandomSource.seeded(7));
    Map<String, Double> expected = Map.of("10.0.0.1", 1 / 3.0, "10.0.0.2", 1 / 3.0, "10.0.0.3", 1 / 3.0);
    // df = 2, p = 0.001
    assertThat(chiSquared(seen, expected, n)).isLessThan(13.82);
  }

  @Test
  void leastRequestIsTheDefaultAndPrefersTheIdleEndpointUnderLoad() {
    Cluster c = cluster(null, equal(4));
    RandomSource random = RandomSource.seeded(3);
    // Three endpoints are busy with 10 requests each; 10.0.0.4 is idle.
    List<UpstreamCall> busy = new ArrayList<>();
    for (UpstreamEndpoint e : c.endpoints()) {
      if (!e.address().equals("10.0.0.4")) {
        for (int i = 0; i < 10; i++) {
          busy.add(c.begin(e));
        }
      }
    }
    Map<String, Integer> seen = distribution(c, request(), 4_000, random);
    // Power of two choices: the idle endpoint wins whenever it is drawn, 1 - (3/4)^2 = 7/16 of picks,
    // against 3/16 for each busy one.
    assertThat(seen.get("10.0.0.4") / 4000.0).isBetween(0.40, 0.48);
    assertThat(seen.get("10.0.0.1")).isLessThan(seen.get("10.0.0.4") / 2);
    busy.forEach(call -> call.end(200));
  }

  @Test
  void leastRequestWithUnequalWeightsDividesWeightByActiveRequests() {
    Cluster c = cluster("      simple: LEAST_REQUEST\n", weighted(1, 2));
    UpstreamEndpoint heavy = c.endpoints().get(1);
    List<UpstreamCall> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(c.begin(heavy));
    }
    // Effective weights: 1/(0+1) = 1 against 2/(3+1) = 0.5, so the light endpoint takes about 2/3.
    Map<String, Integer> seen = distribution(c, request(), 3_000, RandomSource.seeded(1));
    assertThat(seen.get("10.0.0.1") / 3000.0).isBetween(0.6, 0.72);
    calls.forEach(call -> call.end(200));
  }

  @Test
  void ringHashKeepsKeysStickyAndMovesAboutOneNthWhenAnEndpointIsAdded() {
    String lb = "      consistentHash:\n        httpHeaderName: x-user\n        ringHash:\n          minimumRingSize: 4096\n";
    Cluster ten = cluster(lb, equal(10));
    Map<String, String> before = owners(ten, 5_000);
    assertThat(owners(ten, 5_000)).isEqualTo(before);
    Cluster eleven = cluster(lb, equal(11));
    double moved = movedShare(before, owners(eleven, 5_000));
    assertThat(moved).isBetween(0.05, 0.14); // 1/11 = 0.09
  }

  @Test
  void maglevKeepsKeysStickyAndMovesFewKeysWhenAnEndpointIsAdded() {
    String lb = "      consistentHash:\n        httpHeaderName: x-user\n        maglev:\n          tableSize: 65537\n";
    Cluster ten = cluster(lb, equal(10));
    Map<String, String> before = owners(ten, 5_000);
    assertThat(owners(ten, 5_000)).isEqualTo(before);
    double moved = movedShare(before, owners(cluster(lb, equal(11)), 5_000));
    // At least the 1/11 that must move, at most about twice that.
    assertThat(moved).isBetween(0.07, 0.2);
  }

  @Test
  void ringHashPlacesEndpointsOnTheRingByWeight() {
    String lb = "      consistentHash:\n        httpHeaderName: x-user\n";
    Cluster c = cluster(lb, weighted(1, 3));
    Map<String, Integer> counts = new HashMap<>();
    owners(c, 8_000).values().forEach(a -> counts.merge(a, 1, Integer::sum));
    assertThat(counts.get("10.0.0.2") / 8000.0).isBetween(0.68, 0.82);
  }

  @Test
  void missingHashKeyHashesRandomly() {
    Cluster c = cluster("      consistentHash:\n        httpHeaderName: x-user\n", equal(5));
    Map<String, Integer> seen = distribution(c, request(), 500, RandomSource.seeded(11));
    assertThat(seen).hasSize(5);
  }

  @Test
  void queryParameterAndSourceIpAreHashKeys() {
    Cluster byQuery = cluster("      consistentHash:\n        httpQueryParameterName: user\n", equal(8));
    MeshRequest q = MeshRequest.of("GET", "http://reviews:9080/r?user=alice");
    assertThat(distribution(byQuery, q, 50, RandomSource.seeded(1))).hasSize(1);

    Cluster bySource = cluster("      consistentHash:\n        useSourceIp: true\n", equal(8));
    MeshRequest s = request().newBuilder().header(Cluster.SOURCE_IP_HEADER, "192.0.2.7, 10.1.1.1").build();
    assertThat(distribution(bySource, s, 50, RandomSource.seeded(1))).hasSize(1);
  }

  @Test
  void httpCookieWithTtlIsGeneratedWhenAbsentAndThenSticks() {
    Cluster c = cluster("      consistentHash:\n        httpCookie:\n          name: session\n          path: /r\n"
        + "          ttl: 60s\n", equal(8));
    Pick first = c.pick(request(), List.of(), RandomSource.seeded(5));
    assertThat(first.setCookie()).matches("session=\"[0-9a-f]{16}\"; Max-Age=60; Path=/r; HttpOnly");
    String value = first.setCookie().substring("session=\"".length(), "session=\"".length() + 16);
    MeshRequest again = request().newBuilder().header("Cookie", "other=1; session=" + value).build();
    for (int i = 0; i < 20; i++) {
      Pick p = c.pick(again, List.of(), RandomSource.seeded(i));
      assertThat(p.setCookie()).isNull();
      assertThat(p.endpoint()).isEqualTo(first.endpoint());
    }
  }

  @Test
  void httpCookieWithZeroTtlIsASessionCookieAndWithoutTtlIsNotGenerated() {
    Cluster session = cluster("      consistentHash:\n        httpCookie:\n          name: s\n          ttl: 0s\n",
        equal(3));
    assertThat(session.pick(request(), List.of(), RandomSource.seeded(1)).setCookie())
        .matches("s=\"[0-9a-f]{16}\"; HttpOnly");
    Cluster none = cluster("      consistentHash:\n        httpCookie:\n          name: s\n", equal(3));
    assertThat(none.pick(request(), List.of(), RandomSource.seeded(1)).setCookie()).isNull();
  }

  @Test
  void warmupRampsANewEndpointFromMinimumPercentToItsFullShare() {
    String lb = "      simple: ROUND_ROBIN\n      warmup:\n        duration: 100s\n        minimumPercent: 10\n";
    List<Endpoint> two = equal(2);
    cluster(lb, two.subList(0, 1));
    ticker.advance(Duration.ofSeconds(200));
    // 10.0.0.2 appears now; 10.0.0.1 has been around for 200s.
    Cluster c = cluster(lb, two);
    double newShareAtStart = share(distribution(c, request(), 1_100, RandomSource.seeded(1)), "10.0.0.2");
    assertThat(newShareAtStart).isBetween(0.07, 0.11); // weight 0.1 against 1
    ticker.advance(Duration.ofSeconds(50));
    Cluster half = cluster(lb, two);
    double newShareHalfway = share(distribution(half, request(), 1_500, RandomSource.seeded(1)), "10.0.0.2");
    assertThat(newShareHalfway).isBetween(0.30, 0.36); // weight 0.5 against 1
    ticker.advance(Duration.ofSeconds(60));
    Cluster done = cluster(lb, two);
    assertThat(share(distribution(done, request(), 1_000, RandomSource.seeded(1)), "10.0.0.2")).isEqualTo(0.5);
  }

  @Test
  void retryAvoidsEndpointsAlreadyTriedWhenAnotherExists() {
    Cluster c = cluster("      simple: RANDOM\n", equal(3));
    UpstreamEndpoint first = c.endpoints().get(0);
    for (int i = 0; i < 50; i++) {
      assertThat(c.pick(request(), List.of(first), RandomSource.seeded(i)).endpoint()).isNotEqualTo(first);
    }
    Cluster single = cluster("      simple: RANDOM\n", equal(1));
    UpstreamEndpoint only = single.endpoints().get(0);
    assertThat(single.pick(request(), List.of(only), RandomSource.seeded(1)).endpoint()).isEqualTo(only);
  }

  @Test
  void passthroughSendsToTheRequestedAddress() {
    Cluster c = cluster("      simple: PASSTHROUGH\n", equal(3));
    MeshRequest r = MeshRequest.of("GET", "http://10.9.9.9:8080/x");
    Pick p = c.pick(r, List.of(), RandomSource.seeded(1));
    assertThat(p.endpoint().address()).isEqualTo("10.9.9.9");
    assertThat(p.endpoint().port()).isEqualTo(8080);
  }

  private static double share(Map<String, Integer> seen, String address) {
    int total = seen.values().stream().mapToInt(Integer::intValue).sum();
    return seen.getOrDefault(address, 0) / (double) total;
  }

  private static Map<String, String> owners(Cluster c, int keys) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < keys; i++) {
      MeshRequest r = request().newBuilder().header("x-user", "user-" + i).build();
      out.put("user-" + i, c.pick(r, List.of(), RandomSource.seeded(i)).endpoint().address());
    }
    return out;
  }

  private static double movedShare(Map<String, String> before, Map<String, String> after) {
    long moved = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).count();
    return moved / (double) before.size();
  }
}

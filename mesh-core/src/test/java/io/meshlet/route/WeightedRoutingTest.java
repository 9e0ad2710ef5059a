package io.meshlet.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.MeshConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class WeightedRoutingTest {
  private static final String REVIEWS = "reviews.default.svc.cluster.local";

  private static String split(int v1, int v3) {
    return """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: v1}
              weight: %d
            - destination: {host: reviews, subset: v3}
              weight: %d
        """.formatted(v1, v3);
  }

  private static Map<String, Integer> draw(Fixture f, int n, RandomSource random) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      RouteDecision d = f.table.route(Fixture.request("GET", "http://reviews:9080/reviews/1"), random);
      counts.merge(d.cluster().subset(), 1, Integer::sum);
    }
    return counts;
  }

  /** Pearson's statistic against the expected shares. */
  private static double chiSquared(Map<String, Integer> counts, Map<String, Double> shares, int n) {
    double chi = 0;
    for (Map.Entry<String, Double> e : shares.entrySet()) {
      double expected = n * e.getValue();
      double observed = counts.getOrDefault(e.getKey(), 0);
      chi += (observed - expected) * (observed - expected) / expected;
    }
    return chi;
  }

  @Test
  void fiftyFiftySplitPassesChiSquaredOverTwentyThousandDraws() {
    Fixture f = Fixture.of(split(50, 50), Fixture.bookinfo());
    Map<String, Integer> counts = draw(f, 20_000, RandomSource.seeded(42));
    // 1 degree of freedom: 10.83 is the 0.1% critical value.
    assertThat(chiSquared(counts, Map.of("v1", 0.5, "v3", 0.5), 20_000)).isLessThan(10.83);
  }

  @Test
  void ninetyTenSplitPassesChiSquaredOverTwentyThousandDraws() {
    Fixture f = Fixture.of(split(90, 10), Fixture.bookinfo());
    Map<String, Integer> counts = draw(f, 20_000, RandomSource.seeded(7));
    assertThat(chiSquared(counts, Map.of("v1", 0.9, "v3", 0.1), 20_000)).isLessThan(10.83);
  }

  @Test
  void weightsAreRelativeAndNeedNotSumToHundred() {
    Fixture f = Fixture.of(split(1, 3), Fixture.bookinfo());
    Map<String, Integer> counts = draw(f, 20_000, RandomSource.seeded(3));
    assertThat(chiSquared(counts, Map.of("v1", 0.25, "v3", 0.75), 20_000)).isLessThan(10.83);
  }

  @Test
  void oneDrawPicksByCumulativeWeightInRouteOrder() {
    Fixture f = Fixture.of(split(90, 10), Fixture.bookinfo());
    // A scripted source: the draw in [0, 100) decides; 0..89 is v1, 90..99 is v3.
    assertThat(f.table.route(Fixture.request("GET", "http://reviews:9080/"), Fixture.draw(89)).cluster().subset())
        .isEqualTo("v1");
    assertThat(f.table.route(Fixture.request("GET", "http://reviews:9080/"), Fixture.draw(90)).cluster().subset())
        .isEqualTo("v3");
  }

  @Test
  void seededSourceGivesTheSameSequenceEveryRun() {
    Fixture f = Fixture.of(split(50, 50), Fixture.bookinfo());
    RandomSource a = RandomSource.seeded(2024);
    RandomSource b = RandomSource.seeded(2024);
    for (int i = 0; i < 100; i++) {
      RouteDecision x = f.table.route(Fixture.request("GET", "http://reviews:9080/"), a);
      RouteDecision y = f.table.route(Fixture.request("GET", "http://reviews:9080/"), b);
      assertThat(x.cluster()).isEqualTo(y.cluster());
    }
  }

  @Test
  void zeroWeightDestinationGetsNoTrafficAmongSeveral() {
    Fixture f = Fixture.of(split(0, 100), Fixture.bookinfo());
    assertThat(draw(f, 1000, RandomSource.seeded(5))).containsOnlyKeys("v3");
    assertThat(f.get("http://reviews:9080/").destinations())
        .containsExactly(new WeightedCluster(new ClusterKey(REVIEWS, "v3", 9080), 100));
  }

  @Test
  void singleDestinationTakesAllTrafficWhateverItsWeight() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: v2}
              weight: 0
        """, Fixture.bookinfo());
    RouteDecision d = f.get("http://reviews:9080/");
    assertThat(d.cluster()).isEqualTo(new ClusterKey(REVIEWS, "v2", 9080));
    assertThat(d.destinations()).containsExactly(new WeightedCluster(new ClusterKey(REVIEWS, "v2", 9080), 100));
  }

  @Test
  void jasonGoesToReviewsV2AndEveryoneElseToV1() {
    Fixture f = Fixture.of("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match:
            - headers:
                end-user: {exact: jason}
            route:
            - destination: {host: reviews, subset: v2}
          - route:
            - destination: {host: reviews, subset: v1}
        """, Fixture.bookinfo());
    assertThat(f.get("http://reviews:9080/reviews/0", "end-user", "jason").cluster().subset()).isEqualTo("v2");
    assertThat(f.get("http://reviews:9080/reviews/0", "end-user", "Jason").cluster().subset()).isEqualTo("v1");
    assertThat(f.get("http://reviews:9080/reviews/0").cluster().subset()).isEqualTo("v1");
  }

  private static final Path SAMPLES = Path.of("/work/shared/conformance/istio/samples/bookinfo/networking");

  private static Fixture sample(String file) throws Exception {
    Path p = SAMPLES.resolve(file);
    Assumptions.assumeTrue(Files.exists(p), "Istio's Bookinfo samples are not available here");
    MeshConfig config = new ConfigLoader().load(ConfigSource.path(p));
    return Fixture.of(config, Fixture.PRODUCTPAGE, Fixture.bookinfo());
  }

  @Test
  void istioSampleJasonV2V3SendsJasonToV2AndOthersToV3() throws Exception {
    Fixture f = sample("virtual-service-reviews-jason-v2-v3.yaml");
    assertThat(f.get("http://reviews:9080/", "end-user", "jason").cluster().subset()).isEqualTo("v2");
    assertThat(f.get("http://reviews:9080/").cluster().subset()).isEqualTo("v3");
  }

  @Test
  void istioSampleNinetyTenSplitsReviews() throws Exception {
    Fixture f = sample("virtual-service-reviews-90-10.yaml");
    List<WeightedCluster> d = f.get("http://reviews:9080/").destinations();
    assertThat(d).extracting(w -> w.cluster().subset() + "=" + w.weight()).containsExactly("v1=90", "v2=10");
    Map<String, Integer> counts = draw(f, 10_000, RandomSource.seeded(11));
    assertThat(chiSquared(counts, Map.of("v1", 0.9, "v2", 0.1), 10_000)).isLessThan(10.83);
  }

  @Test
  void istioSampleAllV1RoutesEveryServiceToV1() throws Exception {
    Fixture f = sample("virtual-service-all-v1.yaml");
    assertThat(f.warnings).isEmpty();
    for (String host : List.of("productpage", "reviews", "ratings", "details")) {
      RouteDecision d = f.get("http://" + host + ":9080/");
      assertThat(d.cluster()).isEqualTo(new ClusterKey(host + ".default.svc.cluster.local", "v1", 9080));
      assertThat(d.virtualService()).isEqualTo("default/" + host);
    }
  }

  @Test
  void istioSampleTestV2SendsJasonToV2() throws Exception {
    Fixture f = sample("virtual-service-reviews-test-v2.yaml");
    assertThat(f.get("http://reviews:9080/", "end-user", "jason").cluster().subset()).isEqualTo("v2");
    assertThat(f.get("http://reviews:9080/", "end-user", "bob").cluster().subset()).isEqualTo("v1");
  }
}

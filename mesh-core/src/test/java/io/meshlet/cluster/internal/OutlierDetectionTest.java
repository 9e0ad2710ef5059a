package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.compile;
import static io.meshlet.cluster.internal.Fixtures.distribution;
import static io.meshlet.cluster.internal.Fixtures.endpoint;
import static io.meshlet.cluster.internal.Fixtures.key;
import static io.meshlet.cluster.internal.Fixtures.registry;
import static io.meshlet.cluster.internal.Fixtures.request;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.LocalOriginFailure;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.registry.Endpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Envoy's consecutive-error outlier detection on a fake clock (reference §2.13). */
class OutlierDetectionTest {
  private final Fixtures.FakeTicker ticker = new Fixtures.FakeTicker();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final EndpointStates states = new EndpointStates(ticker, meters);
  private final RandomSource random = RandomSource.seeded(1);

  private Cluster cluster(String outlier, int endpoints) {
    List<Endpoint> eps = new ArrayList<>();
    for (int i = 1; i <= endpoints; i++) {
      eps.add(endpoint("10.0.0." + i));
    }
    String spec = outlier == null ? "  trafficPolicy:\n    loadBalancer: {simple: ROUND_ROBIN}\n"
        : "  trafficPolicy:\n    loadBalancer: {simple: ROUND_ROBIN}\n    outlierDetection:\n"
            + outlier.stripIndent().indent(6);
    return compile(yaml(rule(spec)), registry(eps), states).cluster(key(""));
  }

  private static void respond(Cluster c, int host, int... statuses) {
    UpstreamEndpoint e = c.endpoints().get(host);
    for (int s : statuses) {
      c.begin(e).end(s);
    }
  }

  private boolean ejected(Cluster c, int host) {
    // A pick runs any sweep that is due; then the host's state tells.
    c.pick(request(), List.of(), random);
    return ((HostImpl) c.endpoints().get(host)).state.ejected;
  }

  private double count(String name) {
    return meters.get(name).tag("cluster_name", key("").toString()).counter().count();
  }

  private double gauge(String name) {
    return meters.get(name).tag("cluster_name", key("").toString()).gauge().value();
  }

  private static final String BASIC = """
            consecutive5xxErrors: 3
            interval: 10s
            baseEjectionTime: 30s
            maxEjectionPercent: 100
      """;

  @Test
  void hostIsEjectedOnTheThresholdAndGetsNoTraffic() {
    Cluster c = cluster(BASIC, 2);
    respond(c, 0, 500, 500);
    assertThat(ejected(c, 0)).isFalse();
    respond(c, 0, 503);
    assertThat(ejected(c, 0)).isTrue();
    assertThat(distribution(c, request(), 20, random)).containsOnlyKeys("10.0.0.2");
  }

  @Test
  void hostReturnsAtTheFirstSweepAfterTheBaseEjectionTime() {
    Cluster c = cluster(BASIC, 2);
    ticker.advance(Duration.ofSeconds(5));
    respond(c, 0, 500, 500, 500);
    // Ejected at 5s for 30s; sweeps run every 10s, so the host returns at the 40s sweep.
    ticker.advance(Duration.ofMillis(34_900));
    assertThat(ejected(c, 0)).isTrue();
    ticker.advance(Duration.ofMillis(100)); // 40s
    assertThat(ejected(c, 0)).isFalse();
    assertThat(distribution(c, request(), 20, random)).containsOnlyKeys("10.0.0.1", "10.0.0.2");
  }

  @Test
  void ejectionTimeGrowsWithEachEjectionAndShrinksWhileHealthy() {
    Cluster c = cluster(BASIC, 2);
    respond(c, 0, 500, 500, 500); // ejected at 0s for 30s
    ticker.advance(Duration.ofSeconds(30));
    assertThat(ejected(c, 0)).isFalse();
    respond(c, 0, 500, 500, 500); // second ejection at 30s: 60s
    ticker.advance(Duration.ofSeconds(59));
    assertThat(ejected(c, 0)).isTrue();
    ticker.advance(Duration.ofSeconds(1)); // 90s
    assertThat(ejected(c, 0)).isFalse();
    // Healthy for a long while: each sweep after a base ejection time lowers the multiplier.
    ticker.advance(Duration.ofMinutes(10));
    assertThat(ejected(c, 0)).isFalse();
    respond(c, 0, 500, 500, 500);
    ticker.advance(Duration.ofSeconds(30));
    assertThat(ejected(c, 0)).isFalse();
  }

  @Test
  void ejectionTimeIsCappedAtThreeHundredSeconds() {
    Cluster c = cluster("""
            consecutive5xxErrors: 1
            interval: 1s
            baseEjectionTime: 100s
            maxEjectionPercent: 100
        """, 2);
    for (int i = 0; i < 5; i++) {
      respond(c, 0, 500);
      ticker.advance(Duration.ofSeconds(300));
      assertThat(ejected(c, 0)).as("ejection %d", i + 1).isFalse();
    }
  }

  @Test
  void successResetsTheConsecutiveCount() {
    Cluster c = cluster(BASIC, 2);
    respond(c, 0, 500, 500, 200, 500, 500, 404, 500, 500);
    assertThat(ejected(c, 0)).isFalse();
  }

  @Test
  void maxEjectionPercentLimitsEjections() {
    Cluster ten = cluster("""
            consecutive5xxErrors: 1
            maxEjectionPercent: 20
        """, 10);
    for (int h = 0; h < 4; h++) {
      respond(ten, h, 500);
    }
    assertThat(ejected(ten, 0)).isTrue();
    assertThat(ejected(ten, 1)).isTrue();
    assertThat(ejected(ten, 2)).isFalse();
    assertThat(ejected(ten, 3)).isFalse();
    assertThat(count("envoy.cluster.outlier_detection.ejections_overflow")).isEqualTo(2);
  }

  @Test
  void oneHostCanAlwaysBeEjectedWhateverTheMaxEjectionPercent() {
    Cluster three = cluster("            consecutive5xxErrors: 1\n", 3); // default 10%
    respond(three, 0, 500);
    respond(three, 1, 500);
    assertThat(ejected(three, 0)).isTrue();
    assertThat(ejected(three, 1)).isFalse();
  }

  @Test
  void withoutPanicThresholdAllEjectedMeansNoHealthyUpstream() {
    Cluster c = cluster("            consecutive5xxErrors: 1\n            maxEjectionPercent: 100\n", 2);
    respond(c, 0, 500);
    respond(c, 1, 500);
    assertThat(c.pick(request(), List.of(), random)).isNull();
  }

  @Test
  void belowMinHealthPercentTheClusterPanicsAndUsesEveryHost() {
    Cluster c = cluster("""
            consecutive5xxErrors: 1
            maxEjectionPercent: 100
            minHealthPercent: 60
        """, 4);
    respond(c, 0, 500);
    assertThat(distribution(c, request(), 30, random)).containsOnlyKeys("10.0.0.2", "10.0.0.3", "10.0.0.4");
    respond(c, 1, 500); // 50% healthy < 60%: panic
    assertThat(distribution(c, request(), 40, random)).containsOnlyKeys("10.0.0.1", "10.0.0.2", "10.0.0.3",
        "10.0.0.4");
  }

  @Test
  void gatewayErrorsCountOnly502To504() {
    Cluster c = cluster("""
            consecutive5xxErrors: 0
            consecutiveGatewayErrors: 2
            maxEjectionPercent: 100
        """, 2);
    respond(c, 0, 500, 500, 500, 500, 500, 500);
    assertThat(ejected(c, 0)).isFalse();
    respond(c, 0, 502, 500, 504);
    assertThat(ejected(c, 0)).isFalse(); // the 500 broke the gateway streak
    respond(c, 0, 504);
    assertThat(ejected(c, 0)).isTrue();
    assertThat(count("envoy.cluster.outlier_detection.ejections_enforced_consecutive_gateway_failure")).isEqualTo(1);
  }

  @Test
  void localOriginFailuresCountAsGatewayErrorsUnlessSplit() {
    Cluster mixed = cluster("            consecutive5xxErrors: 3\n            maxEjectionPercent: 100\n", 2);
    mixed.begin(mixed.endpoints().get(0)).fail(LocalOriginFailure.CONNECT_FAILED);
    mixed.begin(mixed.endpoints().get(0)).fail(LocalOriginFailure.RESET);
    mixed.begin(mixed.endpoints().get(0)).fail(LocalOriginFailure.TIMEOUT);
    assertThat(ejected(mixed, 0)).isTrue();
  }

  @Test
  void splitModeCountsLocalOriginFailuresOnTheirOwn() {
    Cluster c = cluster("""
            consecutive5xxErrors: 2
            splitExternalLocalOriginErrors: true
            consecutiveLocalOriginFailures: 3
            maxEjectionPercent: 100
        """, 2);
    UpstreamEndpoint e = c.endpoints().get(0);
    c.begin(e).fail(LocalOriginFailure.CONNECT_FAILED);
    c.begin(e).fail(LocalOriginFailure.TIMEOUT);
    assertThat(ejected(c, 0)).isFalse(); // not counted as 5xx
    c.begin(e).end(200); // a connection that works resets the local-origin streak
    c.begin(e).fail(LocalOriginFailure.CONNECT_FAILED);
    c.begin(e).fail(LocalOriginFailure.CONNECT_FAILED);
    assertThat(ejected(c, 0)).isFalse();
    c.begin(e).fail(LocalOriginFailure.RESET);
    assertThat(ejected(c, 0)).isTrue();
    assertThat(count("envoy.cluster.outlier_detection.ejections_enforced_consecutive_local_origin_failure")).isEqualTo(1);
  }

  @Test
  void outlierDetectionHttpErrorCodesRedefineWhatCounts() {
    Cluster c = cluster("""
            consecutive5xxErrors: 2
            outlierDetectionHttpErrorCodes: [429]
            maxEjectionPercent: 100
        """, 2);
    respond(c, 0, 500, 500, 500);
    assertThat(ejected(c, 0)).isFalse();
    respond(c, 0, 429, 429);
    assertThat(ejected(c, 0)).isTrue();
  }

  @Test
  void withoutOutlierDetectionErrorsNeverEject() {
    Cluster c = cluster(null, 2);
    respond(c, 0, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500);
    assertThat(distribution(c, request(), 10, random)).containsOnlyKeys("10.0.0.1", "10.0.0.2");
  }

  @Test
  void ejectionsAndReturnsAreCountedPerCluster() {
    Cluster c = cluster(BASIC, 2);
    respond(c, 0, 500, 500, 500);
    assertThat(count("envoy.cluster.outlier_detection.ejections_enforced_total")).isEqualTo(1);
    assertThat(gauge("envoy.cluster.outlier_detection.ejections_active")).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(30));
    ejected(c, 0);
    assertThat(count("envoy.cluster.outlier_detection.unejections_total")).isEqualTo(1);
    assertThat(gauge("envoy.cluster.outlier_detection.ejections_active")).isZero();
  }

  @Test
  void ejectionSurvivesARecompileAndEndsWhenTheRuleDropsOutlierDetection() {
    Cluster c = cluster(BASIC, 2);
    respond(c, 0, 500, 500, 500);
    Cluster recompiled = cluster(BASIC, 2);
    assertThat(distribution(recompiled, request(), 10, random)).containsOnlyKeys("10.0.0.2");
    Cluster without = cluster(null, 2);
    assertThat(distribution(without, request(), 10, random)).containsOnlyKeys("10.0.0.1", "10.0.0.2");
  }
}

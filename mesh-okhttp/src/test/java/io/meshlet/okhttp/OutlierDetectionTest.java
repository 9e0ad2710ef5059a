package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.closedPort;
import static io.meshlet.okhttp.MeshTestRule.destinationRule;
import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Envoy's consecutive-error outlier detection through real 5xx answers and refused connections, on a fake clock. */
class OutlierDetectionTest {
  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer sick = Servers.server();

  @StartStop
  final MockWebServer healthy = Servers.server();

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  @Test
  void endpointIsEjectedAfterConsecutive5xxAndReturnsAfterTheEjectionTime() throws IOException {
    AtomicBoolean failing = new AtomicBoolean(true);
    sick.setDispatcher(Servers.log(r -> failing.get() ? new MockResponse.Builder().code(500).build()
        : new MockResponse.Builder().body("sick").build()));
    healthy.setDispatcher(Servers.ok("healthy"));
    OkHttpClient client = rule.client(rule.mesh(b -> b.ticker(clock::get).random(RandomSource.seeded(1))
        .configYaml(serviceEntry("reviews", sick, healthy) + destinationRule("reviews", 0, """
            outlierDetection: {consecutive5xxErrors: 2, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}
            """))));
    for (int i = 0; i < 100 && sick.getRequestCount() < 2; i++) {
      get(client, "http://reviews:9080/");
    }
    assertThat(sick.getRequestCount()).isEqualTo(2);

    for (int i = 0; i < 30; i++) {
      assertThat(get(client, "http://reviews:9080/").body()).as("call %d while ejected", i).isEqualTo("healthy");
    }
    assertThat(sick.getRequestCount()).isEqualTo(2);
    String scrape = rule.registry().scrape();
    assertThat(metric(scrape, "envoy_cluster_outlier_detection_ejections_enforced_total{")).isEqualTo("1.0");
    assertThat(metric(scrape, "envoy_cluster_outlier_detection_ejections_active{")).isEqualTo("1.0");

    failing.set(false);
    clock.addAndGet(Duration.ofSeconds(29).toNanos());
    get(client, "http://reviews:9080/");
    assertThat(sick.getRequestCount()).as("still ejected after 29 s").isEqualTo(2);

    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    for (int i = 0; i < 100 && sick.getRequestCount() == 2; i++) {
      get(client, "http://reviews:9080/");
    }
    assertThat(sick.getRequestCount()).as("back after 31 s").isGreaterThan(2);
    scrape = rule.registry().scrape();
    assertThat(metric(scrape, "envoy_cluster_outlier_detection_unejections_total{")).isEqualTo("1.0");
    assertThat(metric(scrape, "envoy_cluster_outlier_detection_ejections_active{")).isEqualTo("0.0");
  }

  @Test
  void everyEndpointEjectedGivesNoHealthyUpstream() throws IOException {
    sick.setDispatcher(Servers.status(500));
    OkHttpClient client = rule.client(rule.mesh(b -> b.ticker(clock::get)
        .configYaml(serviceEntry("reviews", sick) + destinationRule("reviews", 0, """
            outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 30s}
            """))));
    assertThat(get(client, "http://reviews:9080/").code()).isEqualTo(500);
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("no healthy upstream");
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UH");
    assertThat(sick.getRequestCount()).isEqualTo(1);
  }

  @Test
  void refusedConnectionsCountAsGatewayErrors() throws IOException {
    healthy.setDispatcher(Servers.ok("healthy"));
    AtomicInteger refused = new AtomicInteger();
    int closed = closedPort();
    OkHttpClient client = rule.client(rule.mesh(b -> b.ticker(clock::get).random(RandomSource.seeded(2))
        .configYaml(serviceEntry("reviews", closed, healthy.getPort()) + destinationRule("reviews", 0, """
            outlierDetection: {consecutiveGatewayErrors: 1, consecutive5xxErrors: 0, interval: 1s, baseEjectionTime: 30s}
            """))), c -> c.eventListener(new EventListener() {
          @Override
          public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol,
              IOException e) {
            refused.incrementAndGet();
          }
        }));
    // Istio's default retry policy retries the refused connection on the other endpoint.
    for (int i = 0; i < 40; i++) {
      assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("healthy");
    }
    assertThat(refused.get()).as("one refused connection, then the endpoint is ejected").isEqualTo(1);
  }

  /** The value of the reviews cluster's meter whose Prometheus line starts with {@code prefix}. */
  private static String metric(String scrape, String prefix) {
    String line = scrape.lines()
        .filter(l -> l.startsWith(prefix) && l.contains("cluster_name=\"outbound|9080||reviews.default.svc.cluster.local\""))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in\n" + scrape));
    return line.substring(line.lastIndexOf(' ') + 1);
  }
}

package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.destinationRule;
import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static io.meshlet.okhttp.MeshTestRule.virtualService;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import io.meshlet.ResponseFlag;
import java.io.IOException;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Envoy's fault filter before the router: delay, then abort, each on its own share of requests. */
class FaultInjectionTest {
  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer server = Servers.server();

  @BeforeEach
  void answer() {
    server.setDispatcher(Servers.ok("reached"));
  }

  private OkHttpClient client(long seed, String route) {
    // Round robin over one endpoint draws no random number, so the fault's draw is a call's only one.
    return rule.client(rule.mesh(b -> b.random(RandomSource.seeded(seed))
        .configYaml(serviceEntry("reviews", server) + virtualService("reviews", route)
            + destinationRule("reviews", 0, "loadBalancer: {simple: ROUND_ROBIN}"))));
  }

  private static String abort(double percent) {
    return """
        route: [{destination: {host: reviews}}]
        fault: {abort: {httpStatus: 503, percentage: {value: %s}}}
        """.formatted(percent);
  }

  private static String delay(double percent, String delay) {
    return """
        route: [{destination: {host: reviews}}]
        fault: {delay: {fixedDelay: %s, percentage: {value: %s}}}
        """.formatted(delay, percent);
  }

  @Test
  void abortAtFullShareNeverReachesTheEndpoint() throws IOException {
    OkHttpClient client = client(1, abort(100));
    for (int i = 0; i < 10; i++) {
      MeshTestRule.Result r = get(client, "http://reviews:9080/");
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.body()).isEqualTo("fault filter abort");
    }
    assertThat(server.getRequestCount()).isZero();
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("FI");
  }

  @Test
  void abortAtZeroShareNeverFires() throws IOException {
    OkHttpClient client = client(1, abort(0));
    for (int i = 0; i < 20; i++) {
      assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("reached");
    }
    assertThat(server.getRequestCount()).isEqualTo(20);
  }

  @Test
  void abortAtHalfShareFiresExactlyAsTheSeedSays() throws IOException {
    long seed = 11;
    int calls = 100;
    OkHttpClient client = client(seed, abort(50));
    int aborted = 0;
    for (int i = 0; i < calls; i++) {
      if (get(client, "http://reviews:9080/").code() == 503) {
        aborted++;
      }
    }
    assertThat(aborted).isEqualTo(expectedHits(seed, calls, 50)).isBetween(35, 65);
    assertThat(server.getRequestCount()).isEqualTo(calls - aborted);
  }

  @Test
  void delayAtHalfShareFiresExactlyAsTheSeedSays() throws IOException {
    long seed = 5;
    int calls = 40;
    OkHttpClient client = client(seed, delay(50, "5ms"));
    for (int i = 0; i < calls; i++) {
      assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("reached");
    }
    long delayed = rule.records().stream().filter(r -> r.flags().contains(ResponseFlag.DELAY_INJECTED)).count();
    assertThat(delayed).isEqualTo(expectedHits(seed, calls, 50)).isBetween(10L, 30L);
    assertThat(server.getRequestCount()).isEqualTo(calls);
  }

  @Test
  void delayAtZeroShareNeverFires() throws IOException {
    OkHttpClient client = client(1, delay(0, "1s"));
    for (int i = 0; i < 5; i++) {
      get(client, "http://reviews:9080/");
    }
    assertThat(rule.records()).hasSize(5).allSatisfy(r -> assertThat(r.responseFlags()).isEqualTo("-"));
  }

  @Test
  void delayAtFullShareDelaysEveryCallAndDoesNotCountTowardTheRouteTimeout() throws IOException {
    OkHttpClient client = client(1, """
        route: [{destination: {host: reviews}}]
        timeout: 200ms
        fault: {delay: {fixedDelay: 300ms, percentage: {value: 100}}}
        """);
    long start = System.nanoTime();
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.body()).as("a 300 ms delay under a 200 ms route timeout").isEqualTo("reached");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("DI");
  }

  @Test
  void delayThenAbortAreIndependent() throws IOException {
    OkHttpClient client = client(1, """
        route: [{destination: {host: reviews}}]
        fault:
          delay: {fixedDelay: 100ms, percentage: {value: 100}}
          abort: {httpStatus: 429, percentage: {value: 100}}
        """);
    long start = System.nanoTime();
    assertThat(get(client, "http://reviews:9080/").code()).isEqualTo(429);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(100);
    assertThat(rule.lastRecord().flags()).containsExactlyInAnyOrder(ResponseFlag.DELAY_INJECTED,
        ResponseFlag.FAULT_INJECTED);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void grpcAbortAnswersWithGrpcStatus() throws IOException {
    OkHttpClient client = client(1, """
        route: [{destination: {host: reviews}}]
        fault: {abort: {grpcStatus: UNAVAILABLE, percentage: {value: 100}}}
        """);
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("application/grpc");
    assertThat(r.header("grpc-status")).isEqualTo("14");
    assertThat(server.getRequestCount()).isZero();
  }

  /** How many of {@code calls} single draws of {@code RandomSource.seeded(seed)} fall under {@code percent}. */
  private static int expectedHits(long seed, int calls, double percent) {
    RandomSource random = RandomSource.seeded(seed);
    int hits = 0;
    for (int i = 0; i < calls; i++) {
      if (random.percent(percent)) {
        hits++;
      }
    }
    return hits;
  }
}

package io.meshlet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The harness end to end in a few hundred milliseconds: server, set-up (a), generator, report and chart. */
class LoadGeneratorTest {

  @Test
  void directSetUpRecordsEveryRequestWithoutErrors(@TempDir Path docs) throws Exception {
    try (EndpointServer server = EndpointServer.start(256, 1, 0, 0, 0);
        ClientSetup direct = Setups.direct(server.ports(), 2)) {
      LoadGenerator.Window w = new LoadGenerator(2, 256)
          .run(direct, ProcessHandle.current(), Duration.ZERO, Duration.ofMillis(400));

      assertThat(w.requests()).isPositive();
      assertThat(w.errors()).isZero();
      assertThat(w.elapsedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
      assertThat(w.clientCpuNanos()).isPositive();

      SetupResult result = new SetupResult("a", direct.name());
      result.add(w);
      Report report = new Report(List.of(result));
      assertThat(report.markdown()).contains("| (a) OkHttp → endpoints |");
      assertThat(report.console()).contains("(a)");
      Path png = docs.resolve("images/load-latency.png");
      LatencyChart.write(List.of(result), "test", png);
      assertThat(Files.size(png)).isPositive();
    }
  }

  @Test
  void fixedRateSendsAtItsRate() throws Exception {
    try (ClientSetup quick = answering(Duration.ZERO, 64)) {
      LoadGenerator.Window w = new LoadGenerator(2, 64, 400)
          .run(quick, ProcessHandle.current(), Duration.ofMillis(100), Duration.ofSeconds(1));

      assertThat(w.errors()).isZero();
      // 400 per second for the window's length, give or take the requests at its two edges.
      double expected = 400 * w.elapsedNanos() / 1e9;
      assertThat((double) w.requests()).isBetween(expected * 0.9, expected * 1.1);

      SetupResult closed = new SetupResult("a", quick.name());
      SetupResult rated = new SetupResult("a", quick.name());
      rated.add(w);
      Report report = new Report(List.of(closed), List.of(rated), 400);
      assertThat(report.markdown()).contains("**At a fixed 400 requests/s per set-up**").contains(
          String.format(java.util.Locale.ROOT, "| (a) in-process answer | %.0f | ", rated.throughput()));
      assertThat(report.console()).contains("At a fixed 400 requests/s");
    }
  }

  @Test
  void fixedRateTimesAStalledRequestFromWhenItCameDue() throws Exception {
    // Answers take 25 ms while one thread is asked for one request every 10 ms: it falls further
    // behind with every request. Closed loop hides that (every latency is ~25 ms); fixed rate must not.
    try (ClientSetup slow = answering(Duration.ofMillis(25), 64)) {
      LoadGenerator.Window closed = new LoadGenerator(1, 64)
          .run(slow, ProcessHandle.current(), Duration.ZERO, Duration.ofMillis(500));
      LoadGenerator.Window open = new LoadGenerator(1, 64, 100)
          .run(slow, ProcessHandle.current(), Duration.ZERO, Duration.ofMillis(500));

      assertThat(closed.latencies().getValueAtPercentile(99)).isLessThan(Duration.ofMillis(100).toNanos());
      assertThat(open.latencies().getValueAtPercentile(99)).isGreaterThan(Duration.ofMillis(150).toNanos());
    }
  }

  @Test
  void setUpsRunTogetherEachOnItsOwnScheduleAndLatencies() throws Exception {
    // A slow set-up beside a quick one: the quick one's requests must not wait for the slow one's.
    try (ClientSetup quick = answering(Duration.ZERO, 64); ClientSetup slow = answering(Duration.ofMillis(50), 64)) {
      List<LoadGenerator.Window> w = new LoadGenerator(1, 64, 50)
          .together(List.of(quick, slow), ProcessHandle.current(), Duration.ZERO, Duration.ofMillis(600));

      assertThat(w).hasSize(2);
      assertThat(w.get(0).requests()).isPositive();
      assertThat(w.get(1).requests()).isPositive();
      assertThat(w.get(1).latencies().getValueAtPercentile(50)).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
      assertThat(w.get(0).latencies().getValueAtPercentile(90)).isLessThan(Duration.ofMillis(20).toNanos());
    }
  }

  @Test
  void setUpsTakingTurnsNeverSendAtTheSameTime() throws Exception {
    // Each answer takes 2 ms and checks that no request of the other set-up is in flight meanwhile.
    AtomicInteger[] inFlight = {new AtomicInteger(), new AtomicInteger()};
    AtomicInteger overlaps = new AtomicInteger();
    try (ClientSetup first = answering("a", Duration.ofMillis(2), 64, inFlight[0], inFlight[1], overlaps);
        ClientSetup second = answering("b", Duration.ofMillis(2), 64, inFlight[1], inFlight[0], overlaps)) {
      List<LoadGenerator.Window> w = new LoadGenerator(3, 64)
          .turns(List.of(first, second), ProcessHandle.current(), Duration.ofMillis(20), Duration.ofMillis(100), 4);

      assertThat(overlaps).hasValue(0);
      assertThat(w).hasSize(2);
      for (LoadGenerator.Window window : w) {
        assertThat(window.errors()).isZero();
        // Three threads at ~2 ms a request for 4 × 100 ms: several hundred requests, none outside a turn.
        assertThat(window.requests()).isBetween(100L, 700L);
        assertThat(window.elapsedNanos()).isBetween(Duration.ofMillis(400).toNanos(), Duration.ofMillis(800).toNanos());
        assertThat(window.clientCpuNanos()).isPositive();
      }
    }
  }

  @Test
  void turnsAreForTheClosedLoop() {
    ClientSetup quick = answering(Duration.ZERO, 64);
    assertThatThrownBy(() -> new LoadGenerator(1, 64, 100)
        .turns(List.of(quick), ProcessHandle.current(), Duration.ZERO, Duration.ofMillis(10), 1))
        .isInstanceOf(IllegalStateException.class);
    quick.close();
  }

  /** A set-up whose client answers every call itself, after {@code delay}, with a body of {@code bytes}. */
  private static ClientSetup answering(Duration delay, int bytes) {
    return answering("a", delay, bytes, new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
  }

  /**
   * As {@link #answering(Duration, int)}, counting its calls in flight in {@code mine} and counting
   * in {@code overlaps} the calls that began while {@code others} had one in flight.
   */
  private static ClientSetup answering(String key, Duration delay, int bytes, AtomicInteger mine,
      AtomicInteger others, AtomicInteger overlaps) {
    okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
      mine.incrementAndGet();
      try {
        if (others.get() > 0) {
          overlaps.incrementAndGet();
        }
        Thread.sleep(delay.toMillis()); // the slow endpoint the test is about
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        mine.decrementAndGet();
      }
      return new okhttp3.Response.Builder().request(chain.request()).protocol(okhttp3.Protocol.HTTP_1_1).code(200)
          .message("OK").body(okhttp3.ResponseBody.create(new byte[bytes], null)).build();
    }).build();
    return new Setups.Simple(key, "in-process answer", client, new String[] {"http://127.0.0.1:1/"}, List.of());
  }

  @Test
  void wrongPayloadSizesCountAsErrors() throws Exception {
    try (EndpointServer server = EndpointServer.start(100, 1, 0, 0, 0);
        ClientSetup direct = Setups.direct(server.ports(), 1)) {
      LoadGenerator.Window w = new LoadGenerator(1, 99)
          .run(direct, ProcessHandle.current(), Duration.ZERO, Duration.ofMillis(200));

      assertThat(w.errors()).isPositive();
      assertThat(w.requests()).isZero();
    }
  }

  @Test
  void serverAnswersEachEndpointWithItsOwnId() throws Exception {
    try (EndpointServer server = EndpointServer.start(10, 1, 0, 0, 0);
        ClientSetup direct = Setups.direct(server.ports(), 1)) {
      for (int i = 0; i < 3; i++) {
        try (okhttp3.Response r = direct.client().newCall(new okhttp3.Request.Builder().url(direct.url(i)).build())
            .execute()) {
          assertThat(r.header("x-endpoint")).isEqualTo(Integer.toString(i));
          assertThat(r.body().string()).hasSize(10);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void meshletSetUpReachesAllThreeEndpointsByShortAndFullName(boolean fqdn) throws Exception {
    try (EndpointServer server = EndpointServer.start(10, 1, 0, 0, 0);
        ClientSetup meshlet = Setups.meshlet(server.ports(), 1, fqdn)) {
      assertThat(meshlet.url(0)).contains(fqdn ? MeshletLoadConfig.HOST : "//" + MeshletLoadConfig.SHORT_HOST + "/");
      Set<String> reached = new HashSet<>();
      for (int i = 0; i < 60; i++) {
        try (okhttp3.Response r = meshlet.client().newCall(new okhttp3.Request.Builder().url(meshlet.url(0)).build())
            .execute()) {
          assertThat(r.code()).isEqualTo(200);
          reached.add(r.header("x-endpoint"));
        }
      }
      assertThat(reached).containsExactlyInAnyOrder("0", "1", "2");
    }
  }
}

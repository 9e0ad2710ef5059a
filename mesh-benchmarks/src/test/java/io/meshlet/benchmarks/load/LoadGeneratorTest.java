package io.meshlet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

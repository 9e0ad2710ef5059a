package io.meshlet.benchmarks.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.benchmarks.load.MeshletLoadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The canned path of {@link InterceptorBenchmark} really goes through routing, picking and telemetry. */
class InterceptorSetupTest {

  @ParameterizedTest
  @EnumSource(MeshVariant.class)
  void everyVariantBuildsAMeshWithoutDiagnostics(MeshVariant variant) {
    try (InterceptorSetup setup = InterceptorSetup.meshlet(variant, new CannedResponse(200))) {
      assertThat(setup.mesh().diagnostics()).isEmpty();
      assertThat(setup.meters() != null).isEqualTo(variant.metrics());
    }
  }

  @Test
  void meshletRoutesToThePickedEndpointsAndRecordsIstioMetrics() throws IOException {
    try (InterceptorSetup setup = InterceptorSetup.meshlet(MeshVariant.SPLIT, new CannedResponse(200))) {
      Set<Integer> ports = new HashSet<>();
      for (int i = 0; i < 300; i++) {
        assertThat(InterceptorBenchmark.call(setup.client(), InterceptorSetup.request()))
            .isEqualTo(200 + CannedResponse.BODY.length);
        Request sent = setup.canned().lastRequest();
        assertThat(setup.canned().lastAddress()).isEqualTo("127.0.0.1");
        assertThat(sent.url().host()).as("the Host OkHttp sends").isEqualTo(MeshletLoadConfig.SHORT_HOST);
        ports.add(setup.canned().lastPort());
      }
      assertThat(ports).containsExactlyInAnyOrder(8081, 8082, 8083);
      assertThat(setup.canned().calls()).isEqualTo(300);

      assertThat(setup.meters().find("istio_requests").tag("response_code", "200").counters())
          .extracting(c -> c.getId().getTag("destination_version"))
          .containsExactlyInAnyOrder("v1", "v2", "v3");
      assertThat(setup.meters().find("istio_requests").counters().stream().mapToDouble(Counter::count).sum())
          .isEqualTo(300);
      assertThat(setup.meters().find("istio_response_bytes").summaries().stream()
          .mapToDouble(DistributionSummary::totalAmount).sum()).isEqualTo(300.0 * CannedResponse.BODY.length);
    }
  }

  @Test
  void withoutARegistryCallsAreStillRouted() throws IOException {
    try (InterceptorSetup setup = InterceptorSetup.meshlet(MeshVariant.SPLIT_NO_METRICS, new CannedResponse(200))) {
      InterceptorBenchmark.call(setup.client(), InterceptorSetup.request());

      assertThat(setup.meters()).isNull();
      assertThat(setup.canned().lastAddress()).isEqualTo("127.0.0.1");
      assertThat(setup.canned().lastPort()).isIn(8081, 8082, 8083);
    }
  }

  @Test
  void headerMatchVariantMatchesTheHeaderAndAppliesItsTimeoutAndRetries() throws IOException {
    try (InterceptorSetup setup = InterceptorSetup.meshlet(MeshVariant.HEADER_MATCH_TIMEOUT_RETRIES,
        new CannedResponse(503))) {
      assertThat(InterceptorBenchmark.call(setup.client(), InterceptorSetup.request()))
          .isEqualTo(503 + CannedResponse.BODY.length);
      assertThat(setup.canned().calls()).as("first try and two retries on 5xx").isEqualTo(3);
      assertThat(setup.canned().lastReadTimeoutMillis()).as("perTryTimeout").isEqualTo(500);

      try (Response unmatched = setup.client().newCall(new Request.Builder().url(MeshletLoadConfig.URL).build())
          .execute()) {
        assertThat(unmatched.code()).as("no route without the header").isEqualTo(404);
      }
      assertThat(setup.canned().calls()).isEqualTo(3);
    }
  }

  @Test
  void baselineAnswersTheRequestAsSent() throws IOException {
    try (InterceptorSetup setup = InterceptorSetup.baseline(new CannedResponse(200))) {
      assertThat(InterceptorBenchmark.call(setup.client(), InterceptorSetup.request()))
          .isEqualTo(200 + CannedResponse.BODY.length);

      assertThat(setup.mesh()).isNull();
      assertThat(setup.canned().lastRequest().url().host()).isEqualTo(MeshletLoadConfig.SHORT_HOST);
    }
  }

  @ParameterizedTest
  @EnumSource(AdapterFloor.Work.class)
  void floorDoesItsPartOfTheAdaptersOkHttpWork(AdapterFloor.Work work) throws IOException {
    boolean copies = work == AdapterFloor.Work.COPIES || work == AdapterFloor.Work.ADAPTER;
    boolean rebuilt = work == AdapterFloor.Work.RESPONSE || work == AdapterFloor.Work.ADAPTER;
    try (InterceptorSetup setup = InterceptorSetup.floor(work, new CannedResponse(200))) {
      Request request = InterceptorSetup.request();
      try (Response response = setup.client().newCall(request).execute()) {
        Request sent = setup.canned().lastRequest();
        assertThat(sent.headers().size()).isEqualTo(request.headers().size() + 2);
        assertThat(sent.header("x-envoy-attempt-count")).isEqualTo("1");
        assertThat(UUID.fromString(sent.header("x-request-id")).version()).isEqualTo(4);
        assertThat(setup.canned().lastDns() == setup.client().dns()).as("the client's own Dns").isEqualTo(!copies);
        assertThat(response.header("x-envoy-upstream-service-time")).isEqualTo(rebuilt ? "1" : null);
        assertThat(response.request() == request).as("the caller's own request").isEqualTo(rebuilt);
        assertThat(response.body() instanceof AdapterFloor.FloorBody).isEqualTo(work == AdapterFloor.Work.ADAPTER);
        ResponseBody body = response.body();
        assertThat(body.bytes()).isEqualTo(CannedResponse.BODY);
        if (body instanceof AdapterFloor.FloorBody counting) {
          assertThat(counting.counted()).isEqualTo(CannedResponse.BODY.length);
        }
      }
    }
  }
}

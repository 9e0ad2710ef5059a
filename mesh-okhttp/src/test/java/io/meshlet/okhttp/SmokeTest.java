package io.meshlet.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.Mesh;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @StartStop
  final MockWebServer v1 = new MockWebServer();

  @Test
  void routesToTheEndpointKeepingTheLogicalHost() throws Exception {
    v1.enqueue(new MockResponse.Builder().body("hello").build());
    try (Mesh mesh = Mesh.builder().workload("productpage", "default", Map.of("app", "productpage"))
        .configYaml("""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: reviews}
            spec:
              hosts: [reviews.default.svc.cluster.local]
              location: MESH_INTERNAL
              ports: [{number: 9080, name: http, protocol: HTTP}]
              resolution: STATIC
              endpoints:
              - {address: 127.0.0.1, ports: {http: %d}, labels: {version: v1}}
            """.formatted(v1.getPort()))
        .build()) {
      OkHttpClient client = new OkHttpClient.Builder().addInterceptor(MeshInterceptor.create(mesh)).build();
      try (Response r = client.newCall(new Request.Builder().url("http://reviews:9080/reviews/1").build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).isEqualTo("hello");
      }
      RecordedRequest recorded = v1.takeRequest();
      assertThat(recorded.getHeaders().get("Host")).isEqualTo("reviews:9080");
      assertThat(recorded.getHeaders().get("x-envoy-attempt-count")).isEqualTo("1");
      assertThat(recorded.getHeaders().get("x-request-id")).isNotNull();
    }
  }
}

package io.meshlet.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.Mesh;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
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
    try (Mesh mesh = mesh()) {
      OkHttpClient client = new OkHttpClient.Builder().addInterceptor(MeshInterceptor.create(mesh)).build();
      try (Response r = client.newCall(new Request.Builder().url("http://reviews:9080/reviews/1").build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).isEqualTo("hello");
        assertThat(r.headers("x-envoy-upstream-service-time")).singleElement().asString().matches("\\d+");
      }
      RecordedRequest recorded = v1.takeRequest();
      assertThat(recorded.getHeaders().get("Host")).isEqualTo("reviews:9080");
      assertThat(recorded.getHeaders().values("x-envoy-attempt-count")).containsExactly("1");
      assertThat(recorded.getHeaders().values("x-request-id")).singleElement().isNotNull();
    }
  }

  @Test
  void meshHeadersReplaceTheCallersAndTheEndpointsOwn() throws Exception {
    v1.enqueue(new MockResponse.Builder().addHeader("x-envoy-upstream-service-time", "999999").body("hi").build());
    try (Mesh mesh = mesh()) {
      OkHttpClient client = new OkHttpClient.Builder().addInterceptor(MeshInterceptor.create(mesh)).build();
      Request request = new Request.Builder().url("http://reviews:9080/").header("X-Envoy-Attempt-Count", "7")
          .header("x-request-id", "caller-id").build();
      try (Response r = client.newCall(request).execute()) {
        assertThat(r.headers("x-envoy-upstream-service-time")).singleElement().isNotEqualTo("999999");
      }
      RecordedRequest recorded = v1.takeRequest();
      assertThat(recorded.getHeaders().values("x-envoy-attempt-count")).containsExactly("1");
      assertThat(recorded.getHeaders().values("x-request-id")).as("the caller's id is kept").containsExactly("caller-id");
    }
  }

  @Test
  void endpointsOnTheServicePortKeepTheirOwnConnections() throws Exception {
    // The URL's port is the endpoints' port, so the adapter leaves the client's socket factory alone and
    // steers by Dns only: a connection to one endpoint must still never carry a request for the other.
    try (MockWebServer other = new MockWebServer()) {
      other.start(InetAddress.getByName("127.0.0.2"), v1.getPort());
      for (int i = 0; i < 10; i++) {
        v1.enqueue(new MockResponse.Builder().body("one").build());
        other.enqueue(new MockResponse.Builder().body("two").build());
      }
      try (Mesh mesh = mesh(v1.getPort(), "[{address: 127.0.0.1}, {address: 127.0.0.2}]", """
          ---
          apiVersion: networking.istio.io/v1
          kind: DestinationRule
          metadata: {name: reviews}
          spec:
            host: reviews
            trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
          """)) {
        OkHttpClient client = new OkHttpClient.Builder().addInterceptor(MeshInterceptor.create(mesh)).build();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          try (Response r = client.newCall(new Request.Builder().url("http://reviews:" + v1.getPort() + "/").build())
              .execute()) {
            bodies.add(r.body().string());
          }
        }
        assertThat(bodies).filteredOn("one"::equals).hasSize(5);
        assertThat(bodies).filteredOn("two"::equals).hasSize(5);
        assertThat(v1.getRequestCount()).isEqualTo(5);
        assertThat(other.getRequestCount()).isEqualTo(5);
      }
    }
  }

  private Mesh mesh() {
    return mesh(9080, "[{address: 127.0.0.1, ports: {http: %d}, labels: {version: v1}}]".formatted(v1.getPort()), "");
  }

  /** A mesh with the reviews service on {@code port}, its {@code endpoints} (a YAML list), and {@code more} YAML. */
  private static Mesh mesh(int port, String endpoints, String more) {
    return Mesh.builder().workload("productpage", "default", Map.of("app", "productpage")).configYaml("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: reviews}
        spec:
          hosts: [reviews.default.svc.cluster.local]
          location: MESH_INTERNAL
          ports: [{number: %d, name: http, protocol: HTTP}]
          resolution: STATIC
          endpoints: %s
        """.formatted(port, endpoints) + more).build();
  }
}

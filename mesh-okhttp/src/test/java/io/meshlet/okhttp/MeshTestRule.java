package io.meshlet.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshlet.Mesh;
import io.meshlet.telemetry.RequestRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Builds meshes and OkHttp clients for a test and, after it, fails the test if anything leaked, in
 * the spirit of OkHttp's {@code OkHttpClientTestRule}: a call still running, a connection still in
 * use (an unclosed response body), or a circuit-breaker slot still held (an exchange never
 * completed). Then closes the meshes and evicts the clients' connections.
 */
final class MeshTestRule implements AfterEachCallback {
  static final String NAMESPACE = "default";

  private final List<Mesh> meshes = new ArrayList<>();
  private final List<OkHttpClient> clients = new ArrayList<>();
  private final List<PrometheusMeterRegistry> registries = new ArrayList<>();
  private final List<RequestRecord> records = new CopyOnWriteArrayList<>();
  private PrometheusMeterRegistry registry;

  /** A mesh for the workload {@code productpage-v1} with this configuration, metrics and a record listener. */
  Mesh mesh(String yaml) {
    return mesh(b -> b.configYaml(yaml));
  }

  /** A mesh for {@code productpage-v1}, customised by {@code customizer} (config, random, ticker, ...). */
  Mesh mesh(Consumer<Mesh.Builder> customizer) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registries.add(registry);
    Mesh.Builder b = Mesh.builder()
        .workload("productpage-v1", NAMESPACE, Map.of("app", "productpage", "version", "v1"))
        .meterRegistry(registry)
        .requestListener(records::add);
    customizer.accept(b);
    Mesh mesh = b.build();
    meshes.add(mesh);
    return mesh;
  }

  /** The metrics of the latest mesh. */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Every finished request's record, in completion order. */
  List<RequestRecord> records() {
    return records;
  }

  /** The latest finished request's record. */
  RequestRecord lastRecord() {
    fastAwait().atMost(Duration.ofSeconds(2)).until(() -> !records.isEmpty());
    return records.get(records.size() - 1);
  }

  OkHttpClient client(Mesh mesh) {
    return client(mesh, b -> {});
  }

  /** A client with the mesh's interceptor, customised by {@code customizer}. */
  OkHttpClient client(Mesh mesh, Consumer<OkHttpClient.Builder> customizer) {
    OkHttpClient.Builder b = new OkHttpClient.Builder().addInterceptor(MeshInterceptor.create(mesh));
    customizer.accept(b);
    OkHttpClient client = b.build();
    clients.add(client);
    return client;
  }

  /** Sends {@code GET url} and returns status and body, the body fully read. */
  static Result get(OkHttpClient client, String url) throws IOException {
    return call(client, new Request.Builder().url(url).build());
  }

  static Result call(OkHttpClient client, Request request) throws IOException {
    try (Response r = client.newCall(request).execute()) {
      return new Result(r.code(), r.body().string(), r);
    }
  }

  /** A response, read and closed: status, body, and the response for its headers. */
  record Result(int code, String body, Response response) {
    String header(String name) {
      return response.header(name);
    }
  }

  /**
   * A ServiceEntry {@code <name>.default.svc.cluster.local}, port 9080 ({@code http}), with one
   * STATIC endpoint per port on 127.0.0.1, labelled {@code app: <name>} and {@code version: v1, v2, ...}.
   */
  static String serviceEntry(String name, int... ports) {
    StringBuilder endpoints = new StringBuilder();
    for (int i = 0; i < ports.length; i++) {
      endpoints.append("  - {address: 127.0.0.1, ports: {http: ").append(ports[i])
          .append("}, labels: {app: ").append(name).append(", version: v").append(i + 1).append("}}\n");
    }
    return """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: %s, namespace: default}
        spec:
          hosts: [%s.default.svc.cluster.local]
          location: MESH_INTERNAL
          ports: [{number: 9080, name: http, protocol: HTTP}]
          resolution: STATIC
          endpoints:
        %s---
        """.formatted(name, name, endpoints.length() == 0 ? "    []\n" : endpoints);
  }

  static String serviceEntry(String name, MockWebServer... servers) {
    int[] ports = new int[servers.length];
    for (int i = 0; i < servers.length; i++) {
      ports[i] = servers[i].getPort();
    }
    return serviceEntry(name, ports);
  }

  /** A DestinationRule for {@code <name>} with subsets v1..vN by the {@code version} label, and a traffic policy. */
  static String destinationRule(String name, int subsets, String trafficPolicyYaml) {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= subsets; i++) {
      s.append("  - {name: v").append(i).append(", labels: {version: v").append(i).append("}}\n");
    }
    return """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: %s, namespace: default}
        spec:
          host: %s.default.svc.cluster.local
        %s  subsets:
        %s---
        """.formatted(name, name, trafficPolicyYaml == null ? "" : indent(trafficPolicyYaml), s.length() == 0 ? "    []\n" : s);
  }

  /** A VirtualService for {@code <name>} with one HTTP route whose body is {@code routeYaml} (route, retries, ...). */
  static String virtualService(String name, String routeYaml) {
    return """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: %s, namespace: default}
        spec:
          hosts: [%s]
          http:
          - %s
        ---
        """.formatted(name, name, routeYaml.strip().replace("\n", "\n    "));
  }

  private static String indent(String yaml) {
    return "  trafficPolicy:\n" + yaml.strip().indent(4);
  }

  /**
   * Sends one call through a throwaway mesh, so that a test measuring time does not measure class
   * loading and JIT warm-up on a busy machine.
   */
  static void warmUp() throws IOException {
    try (MockWebServer server = Servers.server()) {
      server.setDispatcher(Servers.ok("warm"));
      server.start();
      try (Mesh mesh = Mesh.builder().configYaml(serviceEntry("warmup", server)).build()) {
        OkHttpClient client = new OkHttpClient.Builder().addInterceptor(MeshInterceptor.create(mesh)).build();
        get(client, "http://warmup:9080/");
        client.connectionPool().evictAll();
      }
    }
  }

  /** A loopback port nothing listens on: connecting to it is refused. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Awaitility that checks at once, then every 10 ms. */
  static ConditionFactory fastAwait() {
    return fastAwait("condition");
  }

  static ConditionFactory fastAwait(String alias) {
    return await(alias).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      for (OkHttpClient client : clients) {
        fastAwait("calls and connections released").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
          assertThat(client.dispatcher().runningCallsCount()).as("running calls").isZero();
          assertThat(client.connectionPool().connectionCount() - client.connectionPool().idleConnectionCount())
              .as("connections in use (an unclosed response?)").isZero();
        });
      }
      for (PrometheusMeterRegistry r : registries) {
        fastAwait("circuit-breaker slots released").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
          for (Gauge g : r.find("envoy.cluster.upstream_rq_active").gauges()) {
            assertThat(g.value()).as("active requests of " + g.getId().getTag("cluster_name")).isZero();
          }
        });
      }
    } finally {
      meshes.forEach(Mesh::close);
      for (OkHttpClient client : clients) {
        client.connectionPool().evictAll();
      }
    }
  }
}

package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.destinationRule;
import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static io.meshlet.okhttp.MeshTestRule.virtualService;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.Mesh;
import io.meshlet.RandomSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which endpoint a call reaches: weights, matches, subsets, and hosts outside the mesh. */
class RoutingTest {
  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer v1 = Servers.server();

  @StartStop
  final MockWebServer v2 = Servers.server();

  @BeforeEach
  void answer() {
    v1.setDispatcher(Servers.ok("v1"));
    v2.setDispatcher(Servers.ok("v2"));
  }

  private static final String WEIGHTED = """
      route:
      - destination: {host: reviews, subset: v1}
        weight: 80
      - destination: {host: reviews, subset: v2}
        weight: 20
      """;

  @Test
  void weightedSplitWithinChiSquaredBound() throws IOException {
    Mesh mesh = rule.mesh(b -> b.random(RandomSource.seeded(20240601))
        .configYaml(serviceEntry("reviews", v1, v2) + destinationRule("reviews", 2, null)
            + virtualService("reviews", WEIGHTED)));
    OkHttpClient client = rule.client(mesh);
    int n = 500;
    int toV1 = 0;
    for (int i = 0; i < n; i++) {
      if (get(client, "http://reviews:9080/").body().equals("v1")) {
        toV1++;
      }
    }
    double e1 = n * 0.8;
    double e2 = n * 0.2;
    double chiSquared = Math.pow(toV1 - e1, 2) / e1 + Math.pow(n - toV1 - e2, 2) / e2;
    assertThat(chiSquared).as("chi-squared of %d/%d against 80/20", toV1, n - toV1).isLessThan(10.83); // p = 0.001
    assertThat(v1.getRequestCount() + v2.getRequestCount()).isEqualTo(n);
  }

  @Test
  void seededRandomSourceMakesTheSplitExact() throws IOException {
    String config = serviceEntry("reviews", v1, v2) + destinationRule("reviews", 2, null)
        + virtualService("reviews", WEIGHTED);
    List<String> first = versions(rule.mesh(b -> b.random(RandomSource.seeded(7)).configYaml(config)), 60);
    List<String> second = versions(rule.mesh(b -> b.random(RandomSource.seeded(7)).configYaml(config)), 60);
    assertThat(second).isEqualTo(first);
    assertThat(first).contains("v1", "v2");
  }

  private List<String> versions(Mesh mesh, int n) throws IOException {
    OkHttpClient client = rule.client(mesh);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(get(client, "http://reviews:9080/").body());
    }
    return out;
  }

  @Test
  void headerMatchRoutesJasonToV2() throws IOException {
    Mesh mesh = rule.mesh(serviceEntry("reviews", v1, v2) + destinationRule("reviews", 2, null) + """
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
        """);
    OkHttpClient client = rule.client(mesh);
    for (int i = 0; i < 5; i++) {
      assertThat(MeshTestRule.call(client, new Request.Builder().url("http://reviews:9080/reviews/1")
          .header("end-user", "jason").build()).body()).isEqualTo("v2");
      assertThat(get(client, "http://reviews:9080/reviews/1").body()).isEqualTo("v1");
      assertThat(MeshTestRule.call(client, new Request.Builder().url("http://reviews:9080/reviews/1")
          .header("end-user", "jasonx").build()).body()).isEqualTo("v1");
    }
  }

  @Test
  void callerSeesItsOwnRequestOnTheResponse() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1)));
    try (Response r = client.newCall(new Request.Builder().url("http://reviews:9080/reviews/1").build()).execute()) {
      assertThat(r.request().url().toString()).isEqualTo("http://reviews:9080/reviews/1");
    }
  }

  @Test
  void allFormsOfTheServiceNameReachTheService() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1)));
    for (String host : List.of("reviews", "reviews.default", "reviews.default.svc",
        "reviews.default.svc.cluster.local")) {
      assertThat(get(client, "http://" + host + ":9080/").body()).as(host).isEqualTo("v1");
    }
  }

  @Test
  void subsetWithoutDestinationRuleIs503NoCluster() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1, v2)
        + virtualService("reviews", "route: [{destination: {host: reviews, subset: v2}}]")));
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(503);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("NC");
    assertThat(v1.getRequestCount() + v2.getRequestCount()).isZero();
  }

  @Test
  void subsetWithoutEndpointsIs503NoHealthyUpstream() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1, v2) + destinationRule("reviews", 3, null)
        + virtualService("reviews", "route: [{destination: {host: reviews, subset: v3}}]")));
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("no healthy upstream");
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UH");
  }

  @Test
  void unmatchedRequestIs404NoRoute() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1) + virtualService("reviews", """
        match: [{uri: {prefix: /api}}]
        route: [{destination: {host: reviews}}]
        """)));
    assertThat(get(client, "http://reviews:9080/api/x").code()).isEqualTo(200);
    assertThat(get(client, "http://reviews:9080/other").code()).isEqualTo(404);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("NR");
    assertThat(v1.getRequestCount()).isEqualTo(1);
  }

  @Test
  void hostOutsideTheMeshPassesThroughUntouched() throws Exception {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1)));
    MeshTestRule.Result r = get(client, v2.url("/plain?q=1").toString());
    assertThat(r.body()).isEqualTo("v2");
    var recorded = v2.takeRequest(1, TimeUnit.SECONDS);
    assertThat(recorded.getTarget()).isEqualTo("/plain?q=1");
    assertThat(recorded.getHeaders().get("Host")).isEqualTo(v2.getHostName() + ":" + v2.getPort());
    assertThat(recorded.getHeaders().get("x-envoy-attempt-count")).isNull();
    assertThat(rule.lastRecord().destination().service()).isEqualTo("PassthroughCluster");
  }

  @Test
  void registryOnlySidecarRefusesHostsOutsideTheMeshWith502() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1) + """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: default, namespace: default}
        spec:
          outboundTrafficPolicy: {mode: REGISTRY_ONLY}
        """));
    assertThat(get(client, v2.url("/").toString()).code()).isEqualTo(502);
    assertThat(v2.getRequestCount()).isZero();
    assertThat(rule.lastRecord().destination().service()).isEqualTo("BlackHoleCluster");
    assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("v1");
  }

  @Test
  void enqueueRoutesLikeExecute() throws Exception {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1)));
    CompletableFuture<String> body = new CompletableFuture<>();
    client.newCall(new Request.Builder().url("http://reviews:9080/").build()).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          body.complete(response.code() + " " + response.body().string());
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        body.completeExceptionally(e);
      }
    });
    assertThat(body.get(5, TimeUnit.SECONDS)).isEqualTo("200 v1");
  }
}

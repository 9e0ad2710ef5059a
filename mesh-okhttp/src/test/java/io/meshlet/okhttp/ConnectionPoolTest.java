package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.destinationRule;
import static io.meshlet.okhttp.MeshTestRule.fastAwait;
import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static io.meshlet.okhttp.MeshTestRule.virtualService;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DestinationRule connection-pool limits: Envoy's circuit breakers, and connection settings OkHttp applies. */
class ConnectionPoolTest {
  private static final MockResponse STALL = new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
      .build();

  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer server = Servers.server();

  private Servers.Log log;

  @BeforeEach
  void answer() {
    log = Servers.log(r -> r.getTarget().startsWith("/stall") ? STALL : new MockResponse.Builder().body("ok").build());
    server.setDispatcher(log);
  }

  private OkHttpClient client(String trafficPolicy) {
    return rule.client(rule.mesh(serviceEntry("reviews", server) + destinationRule("reviews", 0, trafficPolicy)
        + virtualService("reviews", """
            route: [{destination: {host: reviews}}]
            retries: {attempts: 3, retryOn: "5xx,reset"}
            """)));
  }

  /** Enqueues {@code path}; the future completes with the status, or exceptionally with the failure. */
  private static CompletableFuture<Integer> start(OkHttpClient client, String path, Call[] holder) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    Call call = client.newCall(new Request.Builder().url("http://reviews:9080" + path).build());
    holder[0] = call;
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call c, Response response) throws IOException {
        try (response) {
          response.body().string();
          result.complete(response.code());
        }
      }
    });
    return result;
  }

  @Test
  void overflowOfMaxRequestsIs503UOAndNotRetried() throws Exception {
    OkHttpClient client = client("connectionPool: {http: {http2MaxRequests: 1}}");
    Call[] stalled = new Call[1];
    CompletableFuture<Integer> first = start(client, "/stall", stalled);
    fastAwait().atMost(Duration.ofSeconds(5)).until(() -> log.count() == 1);

    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(503);
    assertThat(r.header("x-envoy-overloaded")).isEqualTo("true");
    assertThat(r.body()).endsWith("reset reason: overflow");
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UO");
    assertThat(log.count()).as("the overflow was neither sent nor retried").isEqualTo(1);

    stalled[0].cancel();
    fastAwait().atMost(Duration.ofSeconds(2)).until(first::isDone);
    assertThat(get(client, "http://reviews:9080/").body()).as("the slot came back").isEqualTo("ok");
  }

  @Test
  void pendingQueueWaitsForAConnectionAndOverflowsWhenFull() throws Exception {
    OkHttpClient client = client("connectionPool: {tcp: {maxConnections: 1}, http: {http1MaxPendingRequests: 1}}");
    Call[] stalled = new Call[1];
    CompletableFuture<Integer> first = start(client, "/stall", stalled);
    fastAwait().atMost(Duration.ofSeconds(5)).until(() -> log.count() == 1);
    Call[] queued = new Call[1];
    CompletableFuture<Integer> second = start(client, "/queued", queued);
    fastAwait().atMost(Duration.ofSeconds(5)).until(() -> rule.registry().scrape().lines()
        .anyMatch(l -> l.startsWith("envoy_cluster_upstream_rq_pending_active{") && l.contains("reviews")
            && l.endsWith(" 1.0")));

    assertThat(get(client, "http://reviews:9080/third").code()).as("the queue is full").isEqualTo(503);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UO");

    stalled[0].cancel();
    assertThat(second.get(5, TimeUnit.SECONDS)).as("the queued request got the connection").isEqualTo(200);
    fastAwait().atMost(Duration.ofSeconds(2)).until(first::isDone);
    assertThat(log.requests).extracting(req -> req.getTarget()).containsExactly("/stall", "/queued");
  }

  @Test
  void retriesBeyondMaxRetriesAreRefusedAndTheAnswerStands() throws Exception {
    AtomicInteger firstCalls = new AtomicInteger();
    server.setDispatcher(Servers.log(r -> r.getTarget().equals("/one") && firstCalls.getAndIncrement() > 0 ? STALL
        : new MockResponse.Builder().code(503).build()));
    OkHttpClient client = client("connectionPool: {http: {maxRetries: 1}}");
    // The first call's retry stalls while holding the cluster's only retry slot.
    Call[] holding = new Call[1];
    CompletableFuture<Integer> first = start(client, "/one", holding);
    fastAwait().atMost(Duration.ofSeconds(5)).until(() -> firstCalls.get() == 2);

    MeshTestRule.Result r = get(client, "http://reviews:9080/two");
    assertThat(r.code()).isEqualTo(503);
    assertThat(server.getRequestCount()).as("/two was tried once").isEqualTo(3);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UO");
    assertThat(r.header("x-envoy-overloaded")).as("the upstream's own answer, not a local overflow").isNull();

    holding[0].cancel();
    fastAwait().atMost(Duration.ofSeconds(2)).until(first::isDone);
  }

  @Test
  void maxRequestsPerConnectionOfOneOpensAConnectionPerRequest() throws IOException {
    OkHttpClient client = client("connectionPool: {http: {maxRequestsPerConnection: 1}}");
    for (int i = 0; i < 3; i++) {
      get(client, "http://reviews:9080/");
    }
    assertThat(log.requests).extracting(req -> req.getExchangeIndex()).containsOnly(0);
    assertThat(log.requests).extracting(req -> req.getConnectionIndex()).doesNotHaveDuplicates();
  }

  @Test
  void connectionsAreReusedByDefault() throws IOException {
    OkHttpClient client = client(null);
    for (int i = 0; i < 3; i++) {
      get(client, "http://reviews:9080/");
    }
    assertThat(log.requests).extracting(req -> req.getExchangeIndex()).containsExactly(0, 1, 2);
  }
}

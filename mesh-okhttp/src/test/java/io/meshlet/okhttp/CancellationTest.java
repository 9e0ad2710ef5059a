package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.destinationRule;
import static io.meshlet.okhttp.MeshTestRule.fastAwait;
import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static io.meshlet.okhttp.MeshTestRule.virtualService;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import io.meshlet.ResponseFlag;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cancelled call stops at once: its fault delay, its back-off, its attempt and its retries. */
class CancellationTest {
  private static final MockResponse STALL = new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
      .build();

  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer server = Servers.server();

  @StartStop
  final MockWebServer other = Servers.server();

  private OkHttpClient client(String route) {
    return rule.client(rule.mesh(serviceEntry("reviews", server) + virtualService("reviews", route)));
  }

  /** Starts the call asynchronously; the future completes with its failure (or fails if it succeeds). */
  private static CompletableFuture<IOException> start(Call call) {
    CompletableFuture<IOException> failure = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        failure.complete(e);
      }

      @Override
      public void onResponse(Call c, Response response) {
        response.close();
        failure.completeExceptionally(new AssertionError("expected the call to fail, got " + response.code()));
      }
    });
    return failure;
  }

  private static Call newCall(OkHttpClient client) {
    return client.newCall(new Request.Builder().url("http://reviews:9080/").build());
  }

  @Test
  void cancelDuringFaultDelayStopsAtOnceAndSendsNothing() throws Exception {
    server.setDispatcher(Servers.ok("reached"));
    OkHttpClient client = client("""
        route: [{destination: {host: reviews}}]
        fault: {delay: {fixedDelay: 10s, percentage: {value: 100}}}
        """);
    Call call = newCall(client);
    CompletableFuture<IOException> failure = start(call);
    Thread.sleep(100); // let the call enter its delay
    long cancelled = System.nanoTime();
    call.cancel();
    failure.get(2, TimeUnit.SECONDS);
    assertThat((System.nanoTime() - cancelled) / 1_000_000).isLessThan(1000);
    fastAwait().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> server.getRequestCount() == 0);
    assertThat(rule.lastRecord().flags()).contains(ResponseFlag.DOWNSTREAM_CONNECTION_TERMINATION);
    assertThat(rule.lastRecord().responseCode()).isZero();
  }

  @Test
  void cancelDuringBackOffStopsTheRetries() throws Exception {
    server.setDispatcher(Servers.status(503));
    OkHttpClient client = client("""
        route: [{destination: {host: reviews}}]
        retries: {attempts: 5, retryOn: 5xx, backoff: 2s}
        """);
    Call call = newCall(client);
    CompletableFuture<IOException> failure = start(call);
    fastAwait().atMost(Duration.ofSeconds(5)).until(() -> server.getRequestCount() >= 1);
    Thread.sleep(50); // into the back-off: up to 2 s before the first retry
    int sent = server.getRequestCount();
    long cancelled = System.nanoTime();
    call.cancel();
    failure.get(2, TimeUnit.SECONDS);
    assertThat((System.nanoTime() - cancelled) / 1_000_000).isLessThan(1000);
    fastAwait().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> server.getRequestCount() == sent);
  }

  @Test
  void cancelDuringAStalledAttemptStopsItAndItsRetries() throws Exception {
    server.setDispatcher(Servers.always(STALL));
    OkHttpClient client = client("""
        route: [{destination: {host: reviews}}]
        retries: {attempts: 3, retryOn: "5xx,reset"}
        """);
    Call call = newCall(client);
    CompletableFuture<IOException> failure = start(call);
    fastAwait().atMost(Duration.ofSeconds(5)).until(() -> server.getRequestCount() == 1);
    long cancelled = System.nanoTime();
    call.cancel();
    failure.get(2, TimeUnit.SECONDS);
    assertThat((System.nanoTime() - cancelled) / 1_000_000).isLessThan(1000);
    fastAwait().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> server.getRequestCount() == 1);
  }

  @Test
  void cancelledAttemptNoLongerCountsAsActiveForLeastRequest() throws Exception {
    server.setDispatcher(Servers.log(r -> r.getTarget().equals("/stall") ? STALL
        : new MockResponse.Builder().body("a").build()));
    other.setDispatcher(Servers.log(r -> r.getTarget().equals("/stall") ? STALL
        : new MockResponse.Builder().body("b").build()));
    OkHttpClient client = rule.client(rule.mesh(b -> b.random(RandomSource.seeded(9))
        .configYaml(serviceEntry("reviews", server, other) + destinationRule("reviews", 0, """
            loadBalancer: {simple: LEAST_REQUEST}
            """))));
    Call call = client.newCall(new Request.Builder().url("http://reviews:9080/stall").build());
    CompletableFuture<IOException> failure = start(call);
    fastAwait().atMost(Duration.ofSeconds(5)).until(() -> server.getRequestCount() + other.getRequestCount() == 1);
    call.cancel();
    failure.get(2, TimeUnit.SECONDS);

    // Had the cancelled attempt stayed active, two random choices would favour the other endpoint 3:1.
    int n = 300;
    int toA = 0;
    for (int i = 0; i < n; i++) {
      if (get(client, "http://reviews:9080/").body().equals("a")) {
        toA++;
      }
    }
    double expected = n / 2.0;
    double chiSquared = 2 * Math.pow(toA - expected, 2) / expected;
    assertThat(chiSquared).as("%d of %d to the first endpoint", toA, n).isLessThan(10.83);
  }
}

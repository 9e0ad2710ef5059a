package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static io.meshlet.okhttp.MeshTestRule.virtualService;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The route timeout over all tries and back-offs, and the per-try timeout, with timing bounds. */
class TimeoutTest {
  /** Generous upper slack for a loaded two-core machine; the lower bounds are exact. */
  private static final long SLACK_MILLIS = 700;

  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer server = Servers.server();

  @BeforeAll
  static void warmUp() throws IOException {
    MeshTestRule.warmUp();
  }

  private static final MockResponse STALL = new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
      .build();

  private OkHttpClient client(String route) {
    return rule.client(rule.mesh(serviceEntry("reviews", server) + virtualService("reviews", route)));
  }

  @Test
  void routeTimeoutAnswers504UTWithinBounds() throws IOException {
    server.setDispatcher(Servers.always(STALL));
    OkHttpClient client = client("""
        route: [{destination: {host: reviews}}]
        timeout: 300ms
        """);
    long start = System.nanoTime();
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    long elapsed = millisSince(start);
    assertThat(r.code()).isEqualTo(504);
    assertThat(r.body()).isEqualTo("upstream request timeout");
    assertThat(elapsed).isBetween(300L, 300 + SLACK_MILLIS);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UT");
  }

  @Test
  void answerWithinTheRouteTimeoutPassesUnchanged() throws IOException {
    server.setDispatcher(Servers.always(new MockResponse.Builder().headersDelay(100, TimeUnit.MILLISECONDS)
        .body("slow but in time").build()));
    OkHttpClient client = client("""
        route: [{destination: {host: reviews}}]
        timeout: 2s
        """);
    assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("slow but in time");
  }

  @Test
  void perTryTimeoutAppliesToTheFirstTryAndIsNotRetriedWithoutFiveXx() throws IOException {
    server.setDispatcher(Servers.always(STALL));
    OkHttpClient client = client("""
        route: [{destination: {host: reviews}}]
        retries: {attempts: 2, perTryTimeout: 200ms, retryOn: "connect-failure,refused-stream,reset"}
        """);
    long start = System.nanoTime();
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    long elapsed = millisSince(start);
    assertThat(r.code()).isEqualTo(504);
    assertThat(elapsed).isBetween(200L, 200 + SLACK_MILLIS);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UT");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5xx", "gateway-error"})
  void perTryTimeoutIsRetriedUnderFiveXxAndGatewayError(String retryOn) throws IOException {
    AtomicInteger n = new AtomicInteger();
    server.setDispatcher(Servers.log(r -> n.getAndIncrement() == 0 ? STALL
        : new MockResponse.Builder().body("second try").build()));
    OkHttpClient client = client("""
        route: [{destination: {host: reviews}}]
        retries: {attempts: 2, perTryTimeout: 200ms, retryOn: %s}
        """.formatted(retryOn));
    long start = System.nanoTime();
    assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("second try");
    assertThat(millisSince(start)).isBetween(200L, 200 + SLACK_MILLIS);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void routeTimeoutBoundsAllTriesAndBackOffs() throws IOException {
    server.setDispatcher(Servers.always(STALL));
    OkHttpClient client = client("""
        route: [{destination: {host: reviews}}]
        timeout: 400ms
        retries: {attempts: 10, perTryTimeout: 100ms, retryOn: 5xx}
        """);
    long start = System.nanoTime();
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    long elapsed = millisSince(start);
    assertThat(r.code()).isEqualTo(504);
    assertThat(elapsed).isBetween(400L, 400 + SLACK_MILLIS);
    assertThat(server.getRequestCount()).isBetween(2, 4);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UT");
  }

  @Test
  void perTryTimeoutNotBelowTheRouteTimeoutIsIgnored() throws IOException {
    server.setDispatcher(Servers.always(STALL));
    OkHttpClient client = client("""
        route: [{destination: {host: reviews}}]
        timeout: 300ms
        retries: {attempts: 3, perTryTimeout: 500ms, retryOn: 5xx}
        """);
    long start = System.nanoTime();
    assertThat(get(client, "http://reviews:9080/").code()).isEqualTo(504);
    assertThat(millisSince(start)).isBetween(300L, 300 + SLACK_MILLIS);
    assertThat(server.getRequestCount()).as("the route timeout ended the only try").isEqualTo(1);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}

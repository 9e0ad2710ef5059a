package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.closedPort;
import static io.meshlet.okhttp.MeshTestRule.fastAwait;
import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static io.meshlet.okhttp.MeshTestRule.virtualService;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.Mesh;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shadow traffic: copies arrive, marked not sampled, and never slow down or fail the main call. */
class MirrorTest {
  private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer main = Servers.server();

  @StartStop
  final MockWebServer shadow = Servers.server();

  @BeforeAll
  static void warmUp() throws IOException {
    MeshTestRule.warmUp();
  }

  private Servers.Log mainLog;

  @BeforeEach
  void answer() {
    mainLog = Servers.log(r -> new MockResponse.Builder().body("main").build());
    main.setDispatcher(mainLog);
  }

  private static final String MIRRORED = """
      route: [{destination: {host: reviews}}]
      mirror: {host: shadow}
      """;

  private Mesh mesh(String shadowEntry, String route) {
    return rule.mesh(serviceEntry("reviews", main) + shadowEntry + virtualService("reviews", route));
  }

  @Test
  void mirrorReceivesACopyMarkedNotSampled() throws Exception {
    Servers.Log shadowLog = Servers.log(r -> new MockResponse.Builder().code(500).build());
    shadow.setDispatcher(shadowLog);
    OkHttpClient client = rule.client(mesh(serviceEntry("shadow", shadow), MIRRORED));
    MeshTestRule.Result r = MeshTestRule.call(client, new Request.Builder().url("http://reviews:9080/reviews/1?x=1")
        .header("traceparent", TRACEPARENT).header("x-b3-sampled", "1").header("baggage", "k=v").build());
    assertThat(r.body()).isEqualTo("main");
    fastAwait().atMost(Duration.ofSeconds(5)).until(() -> shadowLog.count() == 1);
    RecordedRequest copy = shadowLog.requests.get(0);
    RecordedRequest original = mainLog.requests.get(0);
    assertThat(copy.getTarget()).isEqualTo("/reviews/1?x=1");
    assertThat(copy.getHeaders().get("Host")).isEqualTo(original.getHeaders().get("Host"));
    assertThat(copy.getHeaders().get("x-request-id")).isEqualTo(original.getHeaders().get("x-request-id"));
    assertThat(copy.getHeaders().get("traceparent")).isEqualTo(TRACEPARENT.substring(0, 53) + "00");
    assertThat(copy.getHeaders().get("x-b3-sampled")).isEqualTo("0");
    assertThat(copy.getHeaders().get("baggage")).isEqualTo("k=v");
    assertThat(original.getHeaders().get("traceparent")).isEqualTo(TRACEPARENT);
    assertThat(original.getHeaders().get("x-b3-sampled")).isEqualTo("1");
  }

  @Test
  void slowMirrorDoesNotDelayTheMainCall() throws IOException {
    shadow.setDispatcher(Servers.always(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build()));
    OkHttpClient client = rule.client(mesh(serviceEntry("shadow", shadow), MIRRORED));
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("main");
      assertThat((System.nanoTime() - start) / 1_000_000).as("the mirror stalls for good").isLessThan(1000);
    }
    fastAwait().atMost(Duration.ofSeconds(5)).until(() -> shadow.getRequestCount() >= 1);
    shadow.close(); // ends the stalled mirrors, which hold their cluster's slots until then
  }

  @Test
  void failingMirrorDoesNotFailTheMainCall() throws IOException {
    OkHttpClient client = rule.client(mesh(serviceEntry("shadow", closedPort()), MIRRORED));
    for (int i = 0; i < 3; i++) {
      assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("main");
    }
  }

  @Test
  void mirrorsBeyondTheExecutorBoundAreDroppedAndCounted() throws IOException {
    shadow.setDispatcher(Servers.always(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build()));
    Mesh mesh = rule.mesh(b -> b.mirrorExecutor(1, 1)
        .configYaml(serviceEntry("reviews", main) + serviceEntry("shadow", shadow) + virtualService("reviews", MIRRORED)));
    OkHttpClient client = rule.client(mesh);
    for (int i = 0; i < 5; i++) {
      assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("main");
    }
    // One mirror runs (stalled), one waits in the queue, three are dropped.
    assertThat(mesh.invoker().mirrorsDropped()).isEqualTo(3);
    assertThat(rule.registry().scrape()).contains("meshlet_mirror_dropped_total 3.0");
    assertThat(mesh.invoker().mirrorThreads()).isEqualTo(1);
    shadow.close(); // ends the stalled mirrors, which hold their cluster's slots until then
  }

  @Test
  void mirrorAtZeroShareSendsNothing() throws IOException {
    Servers.Log shadowLog = Servers.log(r -> new MockResponse.Builder().build());
    shadow.setDispatcher(shadowLog);
    OkHttpClient client = rule.client(mesh(serviceEntry("shadow", shadow), MIRRORED
        + "mirrorPercentage: {value: 0}\n"));
    for (int i = 0; i < 5; i++) {
      get(client, "http://reviews:9080/");
    }
    assertThat(mainLog.count()).isEqualTo(5);
    assertThat(shadowLog.count()).isZero();
  }

  @Test
  void everyMirrorOfMirrorsGetsItsCopy() throws IOException {
    Servers.Log shadowLog = Servers.log(r -> new MockResponse.Builder().build());
    shadow.setDispatcher(shadowLog);
    OkHttpClient client = rule.client(mesh(serviceEntry("shadow", shadow) + serviceEntry("audit", shadow), """
        route: [{destination: {host: reviews}}]
        mirrors:
        - destination: {host: shadow}
        - destination: {host: audit}
          percentage: {value: 100}
        """));
    get(client, "http://reviews:9080/");
    fastAwait().atMost(Duration.ofSeconds(5)).until(() -> shadowLog.count() == 2);
  }
}

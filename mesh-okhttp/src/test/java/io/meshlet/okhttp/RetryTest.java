package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.closedPort;
import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static io.meshlet.okhttp.MeshTestRule.virtualService;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Retries as Envoy makes them: conditions, limits, attempt counts, endpoints, back-off, replayability. */
class RetryTest {
  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer a = Servers.server();

  @StartStop
  final MockWebServer b = Servers.server();

  private static String retries(String retryOn, int attempts) {
    return """
        route: [{destination: {host: reviews}}]
        retries: {attempts: %d, retryOn: "%s"}
        """.formatted(attempts, retryOn);
  }

  @Test
  void retryReachesAnotherEndpointListeningOnTheSamePort() throws IOException {
    // As in Kubernetes, where every pod of a service listens on the same port: OkHttp would hand the
    // retry the previous try's connection if the retry's URL named the same host and port.
    Servers.Log failing = Servers.log(r -> new MockResponse.Builder().code(503).build());
    Servers.Log healthy = Servers.log(r -> new MockResponse.Builder().body("ok").build());
    try (MockWebServer first = Servers.server(); MockWebServer second = Servers.server()) {
      first.setDispatcher(failing);
      second.setDispatcher(healthy);
      Servers.startOnOnePort(first, second);
      String yaml = Servers.twoAddressEntry("reviews.default.svc.cluster.local", first.getPort());
      OkHttpClient client = rule.client(rule.mesh(c -> c.random(RandomSource.seeded(3))
          .configYaml(yaml + virtualService("reviews", retries("5xx", 2)))));
      for (int i = 0; i < 20; i++) {
        assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("ok");
      }
      assertThat(failing.count()).as("some first tries went to the failing endpoint").isPositive();
      assertThat(failing.header("x-envoy-attempt-count")).as("no retry went back to the failing endpoint")
          .containsOnly("1");
      assertThat(healthy.header("x-envoy-attempt-count").stream().filter("2"::equals).count())
          .isEqualTo(failing.count());
    }
  }

  @Test
  void retriesKeepTheServiceNameSoTheClientsCookieJarSeesIt() throws IOException {
    Servers.Log failing = Servers.log(r -> new MockResponse.Builder().code(503).build());
    Servers.Log healthy = Servers.log(r -> new MockResponse.Builder().body("ok").build());
    a.setDispatcher(failing);
    b.setDispatcher(healthy);
    List<String> asked = new CopyOnWriteArrayList<>();
    CookieJar jar = new CookieJar() {
      @Override
      public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {}

      @Override
      public List<Cookie> loadForRequest(HttpUrl url) {
        asked.add(url.host());
        return "reviews".equals(url.host())
            ? List.of(new Cookie.Builder().name("session").value("s1").hostOnlyDomain("reviews").build()) : List.of();
      }
    };
    OkHttpClient client = rule.client(rule.mesh(c -> c.random(RandomSource.seeded(3))
        .configYaml(serviceEntry("reviews", a, b) + virtualService("reviews", retries("5xx", 2)))))
        .newBuilder().cookieJar(jar).build();
    for (int i = 0; i < 20; i++) {
      assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("ok");
    }
    assertThat(failing.count()).as("some calls were retried").isPositive();
    assertThat(asked).as("every try, retries included, is for the service").hasSize(20 + failing.count())
        .containsOnly("reviews");
    assertThat(healthy.header("cookie")).as("the retries carried the cookie too").hasSize(20)
        .containsOnly("session=s1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5xx", "gateway-error", "503", "retriable-status-codes,503"})
  void retryOf503GoesToTheOtherEndpoint(String retryOn) throws IOException {
    Servers.Log failing = Servers.log(r -> new MockResponse.Builder().code(503).build());
    Servers.Log healthy = Servers.log(r -> new MockResponse.Builder().body("ok").build());
    a.setDispatcher(failing);
    b.setDispatcher(healthy);
    // The pick is random with Envoy's 5 re-picks away from tried hosts; a seed makes the run exact.
    OkHttpClient client = rule.client(rule.mesh(c -> c.random(RandomSource.seeded(3))
        .configYaml(serviceEntry("reviews", a, b) + virtualService("reviews", retries(retryOn, 2)))));
    for (int i = 0; i < 20; i++) {
      assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("ok");
    }
    assertThat(failing.header("x-envoy-attempt-count")).as("the failing endpoint sees first tries only")
        .containsOnly("1").isNotEmpty();
    assertThat(healthy.header("x-envoy-attempt-count").stream().filter("2"::equals).count())
        .as("each 503 was retried on the other endpoint").isEqualTo(failing.count());
  }

  @Test
  void attemptCountGrowsAndTheLastResponseIsReturnedWithURX() throws IOException {
    Servers.Log log = Servers.log(r -> new MockResponse.Builder().code(503)
        .body("try " + r.getHeaders().get("x-envoy-attempt-count")).build());
    a.setDispatcher(log);
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", a)
        + virtualService("reviews", retries("5xx", 3))));
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("try 4");
    assertThat(log.header("x-envoy-attempt-count")).containsExactly("1", "2", "3", "4");
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("URX");
  }

  @Test
  void defaultPolicyRetriesConnectionRefused() throws IOException {
    Servers.Log healthy = Servers.log(r -> new MockResponse.Builder().body("ok").build());
    b.setDispatcher(healthy);
    AtomicInteger failedConnects = new AtomicInteger();
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", closedPort(), b.getPort())),
        c -> c.eventListener(new EventListener() {
          @Override
          public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol,
              IOException e) {
            failedConnects.incrementAndGet();
          }
        }));
    for (int i = 0; i < 20; i++) {
      assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("ok");
    }
    assertThat(failedConnects.get()).as("some first tries went to the closed port").isPositive();
    assertThat(healthy.header("x-envoy-attempt-count")).contains("2");
  }

  @Test
  void defaultPolicyDoesNotRetry503() throws IOException {
    a.setDispatcher(Servers.status(503));
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", a)));
    assertThat(get(client, "http://reviews:9080/").code()).isEqualTo(503);
    assertThat(a.getRequestCount()).isEqualTo(1);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("-");
  }

  @Test
  void connectFailureRetriedUntilTheLimitGives503UFAndURX() throws IOException {
    AtomicInteger connects = new AtomicInteger();
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", closedPort())
        + virtualService("reviews", retries("connect-failure", 2))), c -> c.eventListener(new EventListener() {
          @Override
          public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
            connects.incrementAndGet();
          }
        }));
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(503);
    assertThat(r.body()).startsWith("upstream connect error or disconnect/reset before headers");
    assertThat(connects.get()).isEqualTo(3);
    assertThat(rule.lastRecord().flags()).extracting(f -> f.code()).containsExactlyInAnyOrder("UF", "URX");
  }

  static Stream<Arguments> retryOnTokens() {
    MockResponse reset = new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    return Stream.of(
        Arguments.of("5xx", status(500), true),
        Arguments.of("5xx", status(404), false),
        Arguments.of("5xx", reset, true),
        Arguments.of("gateway-error", status(502), true),
        Arguments.of("gateway-error", status(504), true),
        Arguments.of("gateway-error", status(500), false),
        Arguments.of("gateway-error", reset, true),
        Arguments.of("reset", reset, true),
        Arguments.of("reset", status(503), false),
        Arguments.of("connect-failure", reset, false),
        Arguments.of("retriable-4xx", status(409), true),
        Arguments.of("retriable-4xx", status(404), false),
        Arguments.of("retriable-4xx", status(503), false),
        Arguments.of("418", status(418), true),
        Arguments.of("retriable-status-codes,418", status(418), true),
        Arguments.of("retriable-status-codes,418", status(503), false),
        Arguments.of("unavailable", grpc(14), true),
        Arguments.of("cancelled", grpc(1), true),
        Arguments.of("deadline-exceeded", grpc(4), true),
        Arguments.of("internal", grpc(13), true),
        Arguments.of("resource-exhausted", grpc(8), true),
        Arguments.of("internal", grpc(14), false),
        Arguments.of("unavailable", status(503), false));
  }

  @ParameterizedTest(name = "retryOn {0}, first answer {1}: retried {2}")
  @MethodSource("retryOnTokens")
  void retriesExactlyWhenRetryOnAllows(String retryOn, MockResponse first, boolean retried) throws IOException {
    AtomicInteger n = new AtomicInteger();
    a.setDispatcher(Servers.log(r -> n.getAndIncrement() == 0 ? first : new MockResponse.Builder().body("ok").build()));
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", a)
        + virtualService("reviews", retries(retryOn, 1))));
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(a.getRequestCount()).isEqualTo(retried ? 2 : 1);
    if (retried) {
      assertThat(r.body()).isEqualTo("ok");
    } else {
      assertThat(r.code()).isEqualTo(first.getCode() == 200 && first.getHeaders().get("grpc-status") == null
          ? 503 : first.getCode());
    }
  }

  @Test
  void retriableHeadersNamedByTheRequestAreRetried() throws IOException {
    AtomicInteger n = new AtomicInteger();
    a.setDispatcher(Servers.log(r -> n.getAndIncrement() == 0
        ? new MockResponse.Builder().code(200).addHeader("x-try-again", "yes").build()
        : new MockResponse.Builder().body("ok").build()));
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", a)
        + virtualService("reviews", retries("retriable-headers", 1))));
    assertThat(MeshTestRule.call(client, new Request.Builder().url("http://reviews:9080/")
        .header("x-envoy-retriable-header-names", "x-try-again").build()).body()).isEqualTo("ok");
    assertThat(a.getRequestCount()).isEqualTo(2);
  }

  @Test
  void refusedStreamOverHttp2IsRetried() throws IOException {
    a.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    // Queued: over HTTP/2, MockWebServer takes socket effects from the queue's head (Dispatcher.peek).
    a.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseStream(7)).build()); // REFUSED_STREAM
    a.enqueue(new MockResponse.Builder().body("ok").build());
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", a)
        + virtualService("reviews", retries("refused-stream", 1))),
        c -> c.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)));
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.body()).isEqualTo("ok");
    assertThat(r.response().protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
    assertThat(a.getRequestCount()).isEqualTo(2);
  }

  @Test
  void refusedStreamNotInRetryOnIs503UR() throws IOException {
    a.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    a.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseStream(7)).build());
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", a)
        + virtualService("reviews", retries("connect-failure", 1))),
        c -> c.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)));
    assertThat(get(client, "http://reviews:9080/").code()).isEqualTo(503);
    assertThat(a.getRequestCount()).isEqualTo(1);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UR");
  }

  @Test
  void oneShotBodyIsNotRetried() throws IOException {
    a.setDispatcher(Servers.status(503));
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", a)
        + virtualService("reviews", retries("5xx", 3))));
    RequestBody oneShot = new RequestBody() {
      @Override
      public MediaType contentType() {
        return MediaType.get("text/plain");
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8("once");
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };
    MeshTestRule.Result r = MeshTestRule.call(client, new Request.Builder().url("http://reviews:9080/")
        .post(oneShot).build());
    assertThat(r.code()).isEqualTo(503);
    assertThat(a.getRequestCount()).isEqualTo(1);
  }

  @Test
  void replayableBodyIsSentAgainOnEveryTry() throws Exception {
    Servers.Log log = Servers.log(r -> new MockResponse.Builder().code(503).build());
    a.setDispatcher(log);
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", a)
        + virtualService("reviews", retries("5xx", 2))));
    MeshTestRule.call(client, new Request.Builder().url("http://reviews:9080/")
        .post(RequestBody.create("again", MediaType.get("text/plain"))).build());
    assertThat(log.requests).extracting(req -> req.getBody().utf8()).containsExactly("again", "again", "again");
  }

  @Test
  void backOffStaysWithinEnvoysJitterBounds() throws IOException {
    Servers.Log log = Servers.log(r -> new MockResponse.Builder().code(503).build());
    a.setDispatcher(log);
    // A 40 ms base: retry 1 waits [0, 40) ms, retry 2 [0, 120) ms, retry 3 [0, 280) ms.
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", a) + virtualService("reviews", """
        route: [{destination: {host: reviews}}]
        retries: {attempts: 3, retryOn: 5xx, backoff: 40ms}
        """)));
    long[] maxGap = new long[4];
    long[] totalGap = new long[4];
    int calls = 8;
    for (int i = 0; i < calls; i++) {
      int from = log.count();
      get(client, "http://reviews:9080/");
      for (int n = 1; n <= 3; n++) {
        long gap = (log.arrivals.get(from + n) - log.arrivals.get(from + n - 1)) / 1_000_000;
        maxGap[n] = Math.max(maxGap[n], gap);
        totalGap[n] += gap;
      }
    }
    long slack = 100; // a request's own round trip and scheduling on a loaded machine
    assertThat(maxGap[1]).isLessThan(40 + slack);
    assertThat(maxGap[2]).isLessThan(120 + slack);
    assertThat(maxGap[3]).isLessThan(280 + slack);
    assertThat(totalGap[3]).as("the third back-off's mean grows with its window").isGreaterThan(totalGap[1]);
  }

  @Test
  void clientRetryOnConnectionFailureNeverAddsAttempts() throws IOException {
    // The second request on a connection finds it dropped: OkHttp retries that on a new connection.
    AtomicInteger n = new AtomicInteger();
    MockResponse drop = new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    a.setDispatcher(Servers.log(r -> n.getAndIncrement() == 1 ? drop : new MockResponse.Builder().body("ok").build()));
    OkHttpClient plain = new OkHttpClient.Builder().retryOnConnectionFailure(true).build();
    for (int i = 0; i < 2; i++) {
      try (var response = plain.newCall(new Request.Builder().url(a.url("/")).build()).execute()) {
        assertThat(response.body().string()).isEqualTo("ok");
      }
    }
    assertThat(a.getRequestCount()).as("without the mesh, OkHttp retried the dropped request").isEqualTo(3);
    plain.connectionPool().evictAll();

    n.set(0);
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", a)
        + virtualService("reviews", """
            route: [{destination: {host: reviews}}]
            retries: {attempts: 0}
            """)), c -> c.retryOnConnectionFailure(true));
    assertThat(get(client, "http://reviews:9080/").body()).isEqualTo("ok");
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(503);
    assertThat(a.getRequestCount()).as("through the mesh, no attempt beyond the route's").isEqualTo(5);
    assertThat(rule.lastRecord().responseFlags()).isEqualTo("UC");
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  private static MockResponse grpc(int status) {
    return new MockResponse.Builder().code(200).addHeader("content-type", "application/grpc")
        .addHeader("grpc-status", status).build();
  }
}

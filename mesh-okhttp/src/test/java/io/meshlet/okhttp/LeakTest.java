package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.destinationRule;
import static io.meshlet.okhttp.MeshTestRule.fastAwait;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.Mesh;
import io.meshlet.ResponseFlag;
import io.meshlet.telemetry.RequestRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * 10,000 calls with per-try timeouts, retries and mirrors, from 8 threads; afterwards every call
 * was recorded exactly once, no circuit-breaker slot is held, connections are idle and threads
 * settle back to where they were.
 */
class LeakTest {
  private static final int CALLS = 10_000;
  private static final int THREADS = 8;

  @StartStop
  final MockWebServer main = Servers.server();

  @StartStop
  final MockWebServer shadow = Servers.server();

  @Test
  void tenThousandCallsLeaveNoThreadsConnectionsOrSlotsBehind() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger slow = new AtomicInteger();
    main.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (requests.incrementAndGet() % 50 == 0) {
          slow.incrementAndGet();
          return new MockResponse.Builder().headersDelay(150, TimeUnit.MILLISECONDS).body("late").build();
        }
        return new MockResponse.Builder().body("0123456789").build();
      }
    });
    shadow.setDispatcher(Servers.ok("shadow"));

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ConcurrentLinkedQueue<RequestRecord> records = new ConcurrentLinkedQueue<>();
    Mesh mesh = Mesh.builder()
        .workload("productpage-v1", "default", Map.of("app", "productpage"))
        .meterRegistry(registry)
        .requestListener(records::add)
        .configYaml(serviceEntry("reviews", main) + serviceEntry("shadow", shadow)
            + destinationRule("reviews", 0, "connectionPool: {http: {http2MaxRequests: " + THREADS + "}}") + """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route: [{destination: {host: reviews}}]
                timeout: 2s
                retries: {attempts: 2, perTryTimeout: 50ms, retryOn: 5xx}
                mirror: {host: shadow}
                mirrorPercentage: {value: 20}
            """)
        .build();
    OkHttpClient mirrorClient = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    OkHttpClient client = new OkHttpClient.Builder()
        .addInterceptor(MeshInterceptor.builder(mesh).mirrorClient(mirrorClient).build())
        .build();
    Request request = new Request.Builder().url("http://reviews:9080/reviews/1").build();
    try (Response warmUp = client.newCall(request).execute()) {
      warmUp.body().string();
    }
    records.clear();
    int baselineThreads = liveThreads();

    ExecutorService callers = Executors.newFixedThreadPool(THREADS);
    AtomicInteger maxMirrorThreads = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    AtomicInteger next = new AtomicInteger();
    for (int t = 0; t < THREADS; t++) {
      done.add(callers.submit(() -> {
        for (int i = next.getAndIncrement(); i < CALLS; i = next.getAndIncrement()) {
          try (Response r = client.newCall(request).execute()) {
            if (i % 3 != 0) {
              r.body().string(); // the rest are closed unread
            }
          }
          maxMirrorThreads.accumulateAndGet(mesh.invoker().mirrorThreads(), Math::max);
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(2, TimeUnit.MINUTES);
    }
    callers.shutdown();

    assertThat(slow.get()).as("attempts that hit their per-try timeout").isGreaterThan(100);
    assertThat(records).as("every call recorded exactly once").hasSize(CALLS);
    assertThat(records).noneMatch(r -> r.flags().contains(ResponseFlag.UPSTREAM_OVERFLOW));
    assertThat(maxMirrorThreads.get()).isBetween(1, 4);
    for (Gauge g : registry.find("envoy.cluster.upstream_rq_active").gauges()) {
      assertThat(g.value()).as("active requests of %s", g.getId().getTag("cluster_name")).isZero();
    }
    try (Response after = client.newCall(request).execute()) {
      assertThat(after.code()).as("the %d request slots all came back", THREADS).isEqualTo(200);
    }
    fastAwait("connections idle").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(client.connectionPool().connectionCount()).isEqualTo(client.connectionPool().idleConnectionCount())
          .isLessThanOrEqualTo(5);
      assertThat(mirrorClient.connectionPool().connectionCount())
          .isEqualTo(mirrorClient.connectionPool().idleConnectionCount());
    });

    mesh.close();
    client.connectionPool().evictAll();
    mirrorClient.connectionPool().evictAll();
    fastAwait("mirror threads stopped").atMost(Duration.ofSeconds(10)).until(() -> mesh.invoker().mirrorThreads() == 0);
    // Threads come and go with concurrency (OkHttp's task runner keeps idle threads for a minute),
    // never with the number of calls: a leak per call or per timeout would show in the thousands.
    // The test servers' own threads are left out.
    fastAwait("threads settled").atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(liveThreads()).as(LeakTest::threadNames)
            .isLessThanOrEqualTo(baselineThreads + 8));
  }

  private static List<String> clientSideThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> !name.startsWith("MockWebServer")).sorted().toList();
  }

  private static String threadNames() {
    return String.join(", ", clientSideThreads());
  }

  private static int liveThreads() {
    return clientSideThreads().size();
  }
}

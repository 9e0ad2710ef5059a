package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.destinationRule;
import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static io.meshlet.okhttp.MeshTestRule.virtualService;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import io.meshlet.telemetry.RequestRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Istio's metrics through a Prometheus scrape, the access log, request ids and trace headers. */
class TelemetryTest {
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer v1 = Servers.server();

  @StartStop
  final MockWebServer v2 = Servers.server();

  private Servers.Log log1;
  private Servers.Log log2;

  @BeforeEach
  void answer() {
    log1 = Servers.log(r -> new mockwebserver3.MockResponse.Builder().body("0123456789").build());
    log2 = Servers.log(r -> new mockwebserver3.MockResponse.Builder().body("0123456789").build());
    v1.setDispatcher(log1);
    v2.setDispatcher(log2);
  }

  private static final String ROUTES = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews}
      spec:
        hosts: [reviews]
        http:
        - match: [{uri: {prefix: /missing-subset}}]
          route: [{destination: {host: reviews, subset: v9}}]
        - match: [{uri: {prefix: /v2}}]
          route: [{destination: {host: reviews, subset: v2}}]
        - match: [{uri: {prefix: /any}}]
          route: [{destination: {host: reviews}}]
      """;

  @Test
  void prometheusScrapeCarriesIstiosNamesAndLabels() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1, v2) + destinationRule("reviews", 2, null)
        + ROUTES));
    MeshTestRule.call(client, new Request.Builder().url("http://reviews:9080/v2/1")
        .post(RequestBody.create("hello", MediaType.get("text/plain"))).build());
    get(client, "http://reviews:9080/missing-subset");
    get(client, "http://reviews:9080/unrouted");
    String scrape = rule.registry().scrape();

    assertThat(scrape).contains("# TYPE istio_requests_total counter",
        "# TYPE istio_request_duration_milliseconds histogram", "# TYPE istio_request_bytes histogram",
        "# TYPE istio_response_bytes histogram");
    assertThat(line(scrape, "istio_requests_total{", "response_code=\"200\"")).endsWith(" 1.0").contains(
        "reporter=\"source\"", "source_workload=\"productpage-v1\"", "source_workload_namespace=\"default\"",
        "source_app=\"productpage\"", "source_version=\"v1\"",
        "destination_service=\"reviews.default.svc.cluster.local\"", "destination_service_name=\"reviews\"",
        "destination_service_namespace=\"default\"", "destination_version=\"v2\"",
        "destination_workload=\"reviews-v2\"", "destination_app=\"reviews\"", "response_flags=\"-\"",
        "request_protocol=\"http\"", "connection_security_policy=\"unknown\"");
    assertThat(line(scrape, "istio_requests_total{", "response_flags=\"NC\"")).endsWith(" 1.0")
        .contains("response_code=\"503\"", "destination_service=\"reviews.default.svc.cluster.local\"");
    assertThat(line(scrape, "istio_requests_total{", "response_flags=\"NR\"")).endsWith(" 1.0")
        .contains("response_code=\"404\"");

    for (String le : List.of("0.5", "1.0", "5.0", "10.0", "25.0", "50.0", "100.0", "250.0", "500.0", "1000.0", "2500.0",
        "5000.0", "10000.0", "30000.0", "60000.0", "300000.0", "600000.0", "1800000.0", "3600000.0", "+Inf")) {
      assertThat(line(scrape, "istio_request_duration_milliseconds_bucket{", "le=\"" + le + "\"")).isNotNull();
    }
    assertThat(line(scrape, "istio_request_bytes_sum{", "destination_version=\"v2\"")).endsWith(" 5.0");
    assertThat(line(scrape, "istio_response_bytes_sum{", "destination_version=\"v2\"")).endsWith(" 10.0");
  }

  @Test
  void destinationVersionIsThePickedEndpoints() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(b -> b.random(RandomSource.seeded(4))
        .configYaml(serviceEntry("reviews", v1, v2) + ROUTES)));
    for (int i = 0; i < 40; i++) {
      get(client, "http://reviews:9080/any");
    }
    String scrape = rule.registry().scrape();
    assertThat(log1.count()).isPositive();
    assertThat(log2.count()).isPositive();
    assertThat(line(scrape, "istio_requests_total{", "destination_version=\"v1\"")).endsWith(" " + log1.count() + ".0");
    assertThat(line(scrape, "istio_requests_total{", "destination_version=\"v2\"")).endsWith(" " + log2.count() + ".0");
  }

  @Test
  void accessLogLineInEnvoysDefaultFormatWhenSwitchedOn() throws Exception {
    OkHttpClient client = rule.client(rule.mesh(b -> b.accessLog(true).configYaml(serviceEntry("reviews", v1))));
    List<String> lines = captureAccessLog(() -> MeshTestRule.call(client, new Request.Builder()
        .url("http://reviews:9080/reviews/1?q=2").header("user-agent", "test-agent").build()));
    String id = log1.header("x-request-id").get(0);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).matches(".*io\\.meshlet\\.accesslog - \\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\] "
        + Pattern.quote("\"GET /reviews/1?q=2 HTTP/1.1\" 200 - 0 10 ") + "\\d+ \\d+ "
        + Pattern.quote("\"-\" \"test-agent\" \"" + id + "\" \"reviews:9080\" \"127.0.0.1:" + v1.getPort() + "\""));
  }

  @Test
  void accessLogIsOffByDefault() throws Exception {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1)));
    assertThat(captureAccessLog(() -> get(client, "http://reviews:9080/"))).isEmpty();
  }

  @Test
  void requestIdIsGeneratedWhenAbsentAndKeptWhenPresent() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1)));
    get(client, "http://reviews:9080/");
    String generated = log1.header("x-request-id").get(0);
    assertThat(generated).matches(UUID);
    assertThat(rule.lastRecord().requestId()).isEqualTo(generated);

    MeshTestRule.call(client, new Request.Builder().url("http://reviews:9080/").header("x-request-id", "abc-123").build());
    RecordedRequest kept = log1.requests.get(1);
    assertThat(kept.getHeaders().values("x-request-id")).containsExactly("abc-123");
    assertThat(rule.lastRecord().requestId()).isEqualTo("abc-123");
  }

  @Test
  void retriesKeepTheRequestId() throws IOException {
    v1.setDispatcher(log1 = Servers.log(r -> new mockwebserver3.MockResponse.Builder().code(503).build()));
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1) + virtualService("reviews", """
        route: [{destination: {host: reviews}}]
        retries: {attempts: 2, retryOn: 5xx}
        """)));
    get(client, "http://reviews:9080/");
    assertThat(log1.header("x-request-id")).hasSize(3).containsOnly(log1.header("x-request-id").get(0));
  }

  @Test
  void traceHeadersPassThroughUnchanged() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1)));
    Request.Builder request = new Request.Builder().url("http://reviews:9080/")
        .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .header("tracestate", "congo=t61rcWkgMzE")
        .header("baggage", "userId=alice")
        .header("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7")
        .header("x-b3-spanid", "e457b5a2e4d86bd1")
        .header("x-b3-sampled", "1")
        .header("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1");
    MeshTestRule.call(client, request.build());
    RecordedRequest recorded = log1.requests.get(0);
    for (String name : List.of("traceparent", "tracestate", "baggage", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled",
        "b3")) {
      assertThat(recorded.getHeaders().values(name)).as(name).containsExactly(request.build().header(name));
    }
  }

  @Test
  void responseCarriesTheUpstreamServiceTime() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1)));
    assertThat(get(client, "http://reviews:9080/").header("x-envoy-upstream-service-time")).matches("\\d+");
  }

  @Test
  void responseBodyCompletesTheExchangeExactlyOnce() throws IOException {
    OkHttpClient client = rule.client(rule.mesh(serviceEntry("reviews", v1)));
    Request request = new Request.Builder().url("http://reviews:9080/").build();

    try (Response r = client.newCall(request).execute()) {
      assertThat(r.body().string()).isEqualTo("0123456789"); // EOF, then close
    }
    assertThat(rule.records()).hasSize(1);
    assertThat(rule.records().get(0).responseBytes()).isEqualTo(10);

    try (Response r = client.newCall(request).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(rule.records()).as("not before the body is done").hasSize(1);
    }
    assertThat(rule.records()).hasSize(2);

    Response partial = client.newCall(request).execute();
    partial.body().source().readByteString(4);
    partial.close();
    partial.close();
    assertThat(rule.records()).hasSize(3);
    RequestRecord last = rule.records().get(2);
    assertThat(last.responseBytes()).isGreaterThanOrEqualTo(4);
  }

  /** Runs {@code action} and returns the access-log lines SLF4J's simple logger wrote meanwhile. */
  private static List<String> captureAccessLog(ThrowingRunnable action) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("io.meshlet.accesslog")).toList();
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static String line(String scrape, String prefix, String containing) {
    return scrape.lines().filter(l -> l.startsWith(prefix) && l.contains(containing)).findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + "..." + containing + " in\n" + scrape));
  }
}

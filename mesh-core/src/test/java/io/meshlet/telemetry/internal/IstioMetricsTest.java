package io.meshlet.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.ResponseFlag;
import io.meshlet.Workload;
import io.meshlet.telemetry.RequestRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IstioMetricsTest {
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final IstioMetrics metrics = new IstioMetrics(prometheus,
      new Workload("productpage-v1", "default", Map.of("app", "productpage", "version", "v1")));

  @Test
  void prometheusScrapeUsesIstiosNamesAndLabels() {
    metrics.record(record(200, Set.of(), 12_500_000L));
    metrics.record(record(200, Set.of(), 3_000_000L));
    metrics.record(record(503, Set.of(ResponseFlag.UPSTREAM_RETRY_LIMIT_EXCEEDED), 1_000_000L));
    String scrape = prometheus.scrape();

    assertThat(scrape).contains("# TYPE istio_requests_total counter")
        .contains("# TYPE istio_request_duration_milliseconds histogram")
        .contains("# TYPE istio_request_bytes histogram")
        .contains("# TYPE istio_response_bytes histogram");
    String ok = line(scrape, "istio_requests_total{", "response_code=\"200\"");
    assertThat(ok).endsWith(" 2.0")
        .contains("reporter=\"source\"", "source_workload=\"productpage-v1\"", "source_workload_namespace=\"default\"",
            "source_app=\"productpage\"", "source_version=\"v1\"", "destination_service=\"reviews.default.svc.cluster.local\"",
            "destination_service_name=\"reviews\"", "destination_service_namespace=\"default\"",
            "destination_version=\"v2\"", "destination_workload=\"reviews-v2\"", "response_flags=\"-\"",
            "request_protocol=\"http\"", "connection_security_policy=\"unknown\"",
            "destination_canonical_revision=\"v2\"");
    assertThat(line(scrape, "istio_requests_total{", "response_code=\"503\"")).contains("response_flags=\"URX\"");
  }

  @Test
  void durationUsesEnvoysBucketsInMilliseconds() {
    metrics.record(record(200, Set.of(), 12_500_000L));
    String scrape = prometheus.scrape();
    assertThat(line(scrape, "istio_request_duration_milliseconds_bucket{", "le=\"10.0\"")).endsWith(" 0");
    assertThat(line(scrape, "istio_request_duration_milliseconds_bucket{", "le=\"25.0\"")).endsWith(" 1");
    assertThat(line(scrape, "istio_request_duration_milliseconds_bucket{", "le=\"3600000.0\"")).endsWith(" 1");
    assertThat(line(scrape, "istio_request_duration_milliseconds_sum{", "")).endsWith(" 12.5");
    assertThat(line(scrape, "istio_request_bytes_bucket{", "le=\"100.0\"")).endsWith(" 1");
    assertThat(line(scrape, "istio_response_bytes_bucket{", "le=\"1000.0\"")).endsWith(" 0");
    assertThat(line(scrape, "istio_response_bytes_bucket{", "le=\"2500.0\"")).endsWith(" 1");
  }

  static RequestRecord record(int code, Set<ResponseFlag> flags, long durationNanos) {
    return new RequestRecord(0, durationNanos, "GET", "/reviews/1", "HTTP/1.1", "reviews:9080", "id", null, null, code,
        flags, 42, 1234,
        new RequestRecord.Destination("reviews.default.svc.cluster.local", "reviews", "default", "reviews-v2",
            "reviews", "v2", "reviews", "v2", "unknown"),
        new TestEndpoint("127.0.0.1", 9081), new io.meshlet.cluster.ClusterKey("reviews.default.svc.cluster.local", "v2", 9080),
        "r", false, null, 3);
  }

  private static String line(String scrape, String prefix, String containing) {
    return scrape.lines().filter(l -> l.startsWith(prefix) && l.contains(containing)).findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + "…" + containing + " in\n" + scrape));
  }
}

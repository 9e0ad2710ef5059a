package io.meshlet.telemetry.internal;

import io.meshlet.Workload;
import io.meshlet.telemetry.RequestRecord;
import io.meshlet.telemetry.RequestRecord.Destination;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Istio's standard client-side metrics, with Istio's names and labels, so Istio's Grafana
 * dashboards and Kiali read them unchanged once exported (for example through Micrometer's
 * Prometheus registry): {@code istio_requests_total}, {@code istio_request_duration_milliseconds},
 * {@code istio_request_bytes}, {@code istio_response_bytes}, all with {@code reporter="source"}.
 *
 * <p>Meters are cached per label set, so recording a request is a map lookup and four updates.
 */
public final class IstioMetrics {
  /** Envoy's default histogram buckets, which Istio's metrics use for durations (ms) and sizes (bytes). */
  static final double[] BUCKETS = {
      0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
      3600000};

  private final MeterRegistry registry;
  private final Tags sourceTags;
  private final ConcurrentMap<Key, Meters> meters = new ConcurrentHashMap<>();

  public IstioMetrics(MeterRegistry registry, Workload source) {
    this.registry = registry;
    String canonicalRevision = source.labels().getOrDefault("service.istio.io/canonical-revision",
        source.labels().getOrDefault("version", "latest"));
    this.sourceTags = Tags.of(
        "reporter", "source",
        "source_workload", source.name(),
        "source_workload_namespace", source.namespace(),
        "source_principal", "unknown",
        "source_app", source.app(),
        "source_version", source.version(),
        "source_canonical_service", source.labels().getOrDefault("service.istio.io/canonical-name", source.app()),
        "source_canonical_revision", canonicalRevision,
        "source_cluster", "unknown",
        "connection_security_policy", "unknown");
  }

  /** Counts and measures one finished request. */
  public void record(RequestRecord r) {
    Key key = new Key(r.destination(), Integer.toString(r.responseCode()), r.responseFlags(), r.grpc(),
        r.grpcStatus() == null ? "" : r.grpcStatus());
    Meters m = meters.get(key); // get first: computeIfAbsent would allocate a lambda per request
    if (m == null) {
      m = meters.computeIfAbsent(key, this::register);
    }
    m.requests.increment();
    m.duration.record(r.durationNanos() / 1_000_000.0);
    m.requestBytes.record(r.requestBytes());
    m.responseBytes.record(r.responseBytes());
  }

  private Meters register(Key key) {
    Destination d = key.destination;
    Tags tags = sourceTags.and(
        "destination_workload", d.workload(),
        "destination_workload_namespace", d.serviceNamespace(),
        "destination_principal", d.principal(),
        "destination_app", d.app(),
        "destination_version", d.version(),
        "destination_service", d.service(),
        "destination_service_name", d.serviceName(),
        "destination_service_namespace", d.serviceNamespace(),
        "destination_canonical_service", d.canonicalService(),
        "destination_canonical_revision", d.canonicalRevision(),
        "destination_cluster", "unknown",
        "request_protocol", key.grpc ? "grpc" : "http",
        "response_code", key.code,
        "grpc_response_status", key.grpcStatus,
        "response_flags", key.flags);
    return new Meters(
        Counter.builder("istio_requests").description("Requests, by Istio's standard labels").tags(tags)
            .register(registry),
        summary("istio_request_duration_milliseconds", "Request duration in milliseconds", tags),
        summary("istio_request_bytes", "Request body sizes in bytes", tags),
        summary("istio_response_bytes", "Response body sizes in bytes", tags));
  }

  private DistributionSummary summary(String name, String description, Tags tags) {
    return DistributionSummary.builder(name).description(description).tags(tags)
        .serviceLevelObjectives(BUCKETS).register(registry);
  }

  private record Key(Destination destination, String code, String flags, boolean grpc, String grpcStatus) {}

  private record Meters(Counter requests, DistributionSummary duration, DistributionSummary requestBytes,
      DistributionSummary responseBytes) {}
}

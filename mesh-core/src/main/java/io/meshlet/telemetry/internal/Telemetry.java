package io.meshlet.telemetry.internal;

import io.meshlet.Workload;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.telemetry.RequestRecord;
import io.meshlet.telemetry.RequestRecord.Destination;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where finished requests go: Istio metrics (when a registry is set), the access log (when on), listeners. */
public final class Telemetry {
  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
  private static final int MAX_CACHED_DESTINATIONS = 10_000;

  private final IstioMetrics metrics;
  private final boolean accessLog;
  private final List<Consumer<RequestRecord>> listeners;
  /** The labels of an endpoint, worked out once: equal instances make the metrics' meter lookup cheap. */
  private final ConcurrentMap<UpstreamEndpoint, CachedDestination> destinations = new ConcurrentHashMap<>();

  private record CachedDestination(UpstreamEndpoint endpoint, Cluster cluster, Destination destination) {}

  public Telemetry(MeterRegistry registry, Workload workload, boolean accessLog,
      List<Consumer<RequestRecord>> listeners) {
    this.metrics = registry == null ? null : new IstioMetrics(registry, workload);
    this.accessLog = accessLog;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * The {@code destination_*} labels for a request sent to {@code endpoint} of {@code cluster}
   * (see {@link Destinations#of}); cached per endpoint while the snapshot's objects stay the same.
   */
  public Destination destination(String host, Cluster cluster, UpstreamEndpoint endpoint) {
    if (endpoint == null) {
      return Destinations.of(host, cluster, null);
    }
    CachedDestination cached = destinations.get(endpoint);
    if (cached != null && cached.endpoint == endpoint && cached.cluster == cluster) {
      return cached.destination;
    }
    if (destinations.size() > MAX_CACHED_DESTINATIONS) {
      destinations.clear(); // endpoints churned far beyond any live set
    }
    Destination d = Destinations.of(host, cluster, endpoint);
    destinations.put(endpoint, new CachedDestination(endpoint, cluster, d));
    return d;
  }

  /** False when nothing consumes request records (no registry, no access log, no listener): callers skip building them. */
  public boolean enabled() {
    return metrics != null || accessLog || !listeners.isEmpty();
  }

  /** Records one finished request. Never throws: telemetry must not fail a call. */
  public void record(RequestRecord record) {
    try {
      if (metrics != null) {
        metrics.record(record);
      }
      if (accessLog) {
        AccessLog.log(record);
      }
      for (Consumer<RequestRecord> listener : listeners) {
        listener.accept(record);
      }
    } catch (RuntimeException e) {
      LOG.warn("telemetry for {} {} failed", record.method(), record.path(), e);
    }
  }
}

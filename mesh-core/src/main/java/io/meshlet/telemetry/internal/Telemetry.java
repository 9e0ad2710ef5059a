package io.meshlet.telemetry.internal;

import io.meshlet.Workload;
import io.meshlet.telemetry.RequestRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where finished requests go: Istio metrics (when a registry is set), the access log (when on), listeners. */
public final class Telemetry {
  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);

  private final IstioMetrics metrics;
  private final boolean accessLog;
  private final List<Consumer<RequestRecord>> listeners;

  public Telemetry(MeterRegistry registry, Workload workload, boolean accessLog,
      List<Consumer<RequestRecord>> listeners) {
    this.metrics = registry == null ? null : new IstioMetrics(registry, workload);
    this.accessLog = accessLog;
    this.listeners = List.copyOf(listeners);
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

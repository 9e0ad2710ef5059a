package io.meshlet.cluster.internal;

import io.meshlet.cluster.ClusterKey;
import io.meshlet.cluster.ClusterPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The mutable state of one cluster that outlives configuration snapshots: Envoy's circuit-breaker
 * counters (they count requests in flight, which a recompile must not forget), the outlier sweep
 * clock, and the cluster's meters. Limits follow the latest compiled policy.
 */
final class ClusterState {
  final ClusterKey key;
  /** Origin of the outlier-detection sweep grid: sweeps happen at createdAt + k * interval. */
  final long createdAt;

  /**
   * Envoy's max_requests breaker, whose count is also the cluster's active requests. Not a
   * Resilience4j Bulkhead: its fail-fast acquire matches, but lowering its limit ({@code
   * changeConfig}) blocks until enough requests finish, and a recompile must not wait on traffic.
   * Envoy's breakers are counters compared with a limit that changes at once.
   */
  final Limit requests = new Limit(Integer.MAX_VALUE);
  final ConnectionSlots connections;
  /**
   * Whether {@link #connections} has a limit to enforce. Istio's default (2^32-1) has none, and then
   * requests take no slot: a semaphore that always has permits would only move its cache line
   * between cores twice per request.
   */
  volatile boolean connectionsLimited;
  final AtomicInteger pending = new AtomicInteger();
  final AtomicInteger activeRetries = new AtomicInteger();
  volatile long maxPending = Integer.MAX_VALUE;

  /** The outlier sweep interval and the last sweep tick processed; guarded by this. */
  long sweepInterval;
  long lastSweepTick;
  volatile long nextSweepAt = Long.MAX_VALUE;
  /** Bumped on every ejection and return, so load balancers know to rebuild their healthy sets. */
  final AtomicLong healthVersion = new AtomicLong();
  final AtomicInteger ejectionsActive = new AtomicInteger();

  final Counter ejectionsEnforcedTotal;
  final Counter ejectionsEnforced5xx;
  final Counter ejectionsEnforcedGateway;
  final Counter ejectionsEnforcedLocalOrigin;
  final Counter ejectionsOverflow;
  final Counter unejections;
  final Counter pendingOverflow;
  final Counter retryOverflow;
  private final MeterRegistry meters;
  private final List<Meter> registered = new ArrayList<>();

  ClusterState(ClusterKey key, long createdAt, MeterRegistry meters) {
    this.key = key;
    this.createdAt = createdAt;
    this.meters = meters;
    this.connections = new ConnectionSlots(Integer.MAX_VALUE);
    Tags tags = Tags.of("cluster_name", key.toString());
    ejectionsEnforcedTotal = counter("envoy.cluster.outlier_detection.ejections_enforced_total", tags);
    ejectionsEnforced5xx = counter("envoy.cluster.outlier_detection.ejections_enforced_consecutive_5xx", tags);
    ejectionsEnforcedGateway =
        counter("envoy.cluster.outlier_detection.ejections_enforced_consecutive_gateway_failure", tags);
    ejectionsEnforcedLocalOrigin =
        counter("envoy.cluster.outlier_detection.ejections_enforced_consecutive_local_origin_failure", tags);
    ejectionsOverflow = counter("envoy.cluster.outlier_detection.ejections_overflow", tags);
    unejections = counter("envoy.cluster.outlier_detection.unejections_total", tags);
    pendingOverflow = counter("envoy.cluster.upstream_rq_pending_overflow", tags);
    retryOverflow = counter("envoy.cluster.upstream_rq_retry_overflow", tags);
    if (meters != null) {
      registered.add(Gauge.builder("envoy.cluster.outlier_detection.ejections_active", ejectionsActive,
          AtomicInteger::get).tags(tags).register(meters));
      registered.add(Gauge.builder("envoy.cluster.upstream_rq_active", requests, Limit::active)
          .tags(tags).register(meters));
      registered.add(Gauge.builder("envoy.cluster.upstream_rq_pending_active", pending, AtomicInteger::get)
          .tags(tags).register(meters));
    }
  }

  /** Applies the limits of the latest compiled policy; requests in flight keep counting. */
  synchronized void configure(ClusterPolicy.ConnectionPool pool) {
    requests.max = pool.maxRequests();
    connections.resize(clamp(pool.maxConnections()));
    connectionsLimited = pool.maxConnections() < Integer.MAX_VALUE;
    maxPending = pool.maxPendingRequests();
  }

  /**
   * Arms the sweep clock for an outlier-detection interval, or disarms it with 0. Keeps the grid
   * while the interval stays the same, so a recompile does not move the next sweep.
   */
  synchronized void armSweeps(long intervalNanos, long now) {
    if (intervalNanos == sweepInterval) {
      return;
    }
    sweepInterval = intervalNanos;
    if (intervalNanos <= 0) {
      nextSweepAt = Long.MAX_VALUE;
      return;
    }
    lastSweepTick = (now - createdAt) / intervalNanos;
    nextSweepAt = createdAt + (lastSweepTick + 1) * intervalNanos;
  }

  void close() {
    if (meters != null) {
      registered.forEach(meters::remove);
    }
  }

  private Counter counter(String name, Tags tags) {
    if (meters == null) {
      return null;
    }
    Counter c = Counter.builder(name).tags(tags).register(meters);
    registered.add(c);
    return c;
  }

  static void increment(Counter c) {
    if (c != null) {
      c.increment();
    }
  }

  private static int clamp(long limit) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, limit));
  }

  /**
   * A count of things in flight against a limit that may change at any time. Without a limit
   * ({@code max} at or above {@link Integer#MAX_VALUE}, as Istio's 2^32-1 default), nothing needs
   * the count exact at admission, so it goes to a striped {@link LongAdder} that threads on
   * different cores update without taking each other's cache line; under a limit, admission
   * compares and increments one atomic count. Like Envoy, whose circuit breakers start counting
   * anew when a cluster is updated, a limit that appears does not count what was admitted without
   * one.
   */
  static final class Limit {
    /** {@link #acquire}: admitted and counted against the limit. */
    static final int COUNTED = 1;
    /** {@link #acquire}: admitted without a limit, counted on the striped adder. */
    static final int STRIPED = 2;
    /** {@link #acquire}: at the limit, not admitted. */
    static final int FULL = 0;

    private final AtomicInteger counted = new AtomicInteger();
    private final LongAdder striped = new LongAdder();
    volatile long max;

    Limit(long max) {
      this.max = max;
    }

    /** Admits one, {@link #COUNTED} or {@link #STRIPED}, or says {@link #FULL}. */
    int acquire() {
      long limit = max;
      if (limit >= Integer.MAX_VALUE) {
        striped.increment();
        return STRIPED;
      }
      while (true) {
        int c = counted.get();
        if (c >= limit) {
          return FULL;
        }
        if (counted.compareAndSet(c, c + 1)) {
          return COUNTED;
        }
      }
    }

    /** Releases one that {@link #acquire} admitted, {@code striped} when it said {@link #STRIPED}. */
    void release(boolean striped) {
      if (striped) {
        this.striped.decrement();
      } else {
        counted.updateAndGet(v -> Math.max(0, v - 1));
      }
    }

    /** The count in flight. */
    int active() {
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, counted.get() + striped.sum()));
    }
  }

  /** A semaphore whose number of permits follows configuration while permits are held. */
  static final class ConnectionSlots extends Semaphore {
    private int limit;

    ConnectionSlots(int limit) {
      super(limit, true);
      this.limit = limit;
    }

    synchronized void resize(int newLimit) {
      int delta = newLimit - limit;
      if (delta > 0) {
        release(delta);
      } else if (delta < 0) {
        reducePermits(-delta);
      }
      limit = newLimit;
    }
  }
}

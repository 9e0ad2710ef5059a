package io.meshlet.cluster.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mutable state of one endpoint in one cluster that outlives configuration snapshots: active
 * requests (least request), consecutive-error counters and ejection history (outlier detection),
 * and when it first appeared (slow start). Counters are lock-free; ejection fields are written
 * under the owning {@link ClusterState}'s lock.
 */
final class HostState {
  static final long NEVER = Long.MIN_VALUE;

  final HostKey key;
  final long createdAt;
  /** Requests in flight, counted only in clusters whose least-request balancer reads it ({@link ClusterImpl}). */
  final AtomicInteger active = new AtomicInteger();
  final AtomicInteger consecutive5xx = new AtomicInteger();
  final AtomicInteger consecutiveGateway = new AtomicInteger();
  final AtomicInteger consecutiveLocalOrigin = new AtomicInteger();

  volatile boolean ejected;
  long lastEjection = NEVER;
  long lastUnejection = NEVER;
  /** Envoy's ejection-time multiplier: grows with each ejection, shrinks while the host stays healthy. */
  int backoff;
  /** {@code address:port}, computed on first use; a racy cache, as every thread computes the same string. */
  String authority;

  HostState(HostKey key, long createdAt) {
    this.key = key;
    this.createdAt = createdAt;
  }

  void resetCounters() {
    consecutive5xx.set(0);
    consecutiveGateway.set(0);
    consecutiveLocalOrigin.set(0);
  }
}

package io.meshlet.cluster.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.meshlet.Ticker;
import io.meshlet.cluster.ClusterKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.Set;

/**
 * Per-endpoint and per-cluster state that lives across configuration snapshots: outlier counters and
 * ejections, active requests, circuit-breaker counts, slow-start ages. Each compile of
 * {@link Clusters} takes the state of the endpoints and clusters it keeps and drops the rest, so
 * endpoint churn does not accumulate state; the caches are also bounded.
 *
 * <p>One instance per mesh, created once and closed with it.
 */
public final class EndpointStates implements AutoCloseable {
  static final long MAX_HOSTS = 1_000_000;
  static final long MAX_CLUSTERS = 100_000;

  private final Ticker ticker;
  private final MeterRegistry meters;
  private final Cache<HostKey, HostState> hosts;
  private final Cache<ClusterKey, ClusterState> clusters;

  /**
   * @param ticker the clock for ejection times, sweeps and slow start
   * @param meters where outlier and overflow counters go, tagged by {@code cluster_name}; may be null
   */
  public EndpointStates(Ticker ticker, MeterRegistry meters) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.meters = meters;
    // Maintenance runs on the calling thread so sizes are exact right after a compile.
    this.hosts = Caffeine.newBuilder().maximumSize(MAX_HOSTS).executor(Runnable::run).build();
    this.clusters = Caffeine.newBuilder().maximumSize(MAX_CLUSTERS).executor(Runnable::run)
        .<ClusterKey, ClusterState>removalListener((k, v, cause) -> closeState(v, cause))
        .build();
  }

  Ticker ticker() {
    return ticker;
  }

  HostState host(ClusterKey cluster, String address, int port) {
    return hosts.get(new HostKey(cluster, address, port), k -> new HostState(k, ticker.nanos()));
  }

  ClusterState cluster(ClusterKey key) {
    return clusters.get(key, k -> new ClusterState(k, ticker.nanos(), meters));
  }

  /** Drops the state of every cluster and endpoint not in these sets. */
  void retain(Set<ClusterKey> liveClusters, Set<HostKey> liveHosts) {
    hosts.asMap().keySet().retainAll(liveHosts);
    clusters.asMap().keySet().retainAll(liveClusters);
  }

  /** Endpoints with state, across all clusters. */
  public long endpointCount() {
    hosts.cleanUp();
    return hosts.estimatedSize();
  }

  /** Clusters with state. */
  public long clusterCount() {
    clusters.cleanUp();
    return clusters.estimatedSize();
  }

  @Override
  public void close() {
    hosts.invalidateAll();
    clusters.invalidateAll();
  }

  private static void closeState(ClusterState state, RemovalCause cause) {
    if (state != null) {
      state.close();
    }
  }
}

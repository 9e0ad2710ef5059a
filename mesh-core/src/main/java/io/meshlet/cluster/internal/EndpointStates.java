package io.meshlet.cluster.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.meshlet.Ticker;
import io.meshlet.cluster.ClusterKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.Predicate;

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
  private volatile Clusters lastCompiled;

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

  /** The state of an endpoint of a cluster; made, as of {@code createdAt}, if it has none yet. */
  HostState host(ClusterKey cluster, String address, int port, long createdAt) {
    return hosts.get(new HostKey(cluster, address, port), k -> new HostState(k, createdAt));
  }

  /** The state of a cluster; made, as of {@code createdAt}, if it has none yet. */
  ClusterState cluster(ClusterKey key, long createdAt) {
    return clusters.get(key, k -> new ClusterState(k, createdAt, meters));
  }

  /** Whether the cluster has state: some snapshot has made it. */
  boolean hasState(ClusterKey key) {
    return clusters.getIfPresent(key) != null;
  }

  /** Drops the state of every cluster and endpoint that is not live. */
  void retain(Predicate<ClusterKey> liveCluster, Predicate<HostKey> liveHost) {
    hosts.asMap().keySet().removeIf(liveHost.negate());
    clusters.asMap().keySet().removeIf(liveCluster.negate());
  }

  /** The clusters compiled last, which later compiles take the clusters' ages from. */
  Clusters lastCompiled() {
    return lastCompiled;
  }

  void compiled(Clusters clusters) {
    lastCompiled = clusters;
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
    lastCompiled = null;
    hosts.invalidateAll();
    clusters.invalidateAll();
  }

  private static void closeState(ClusterState state, RemovalCause cause) {
    if (state != null) {
      state.close();
    }
  }
}

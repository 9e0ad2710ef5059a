package io.meshlet.cluster;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.registry.Service;
import java.util.Collection;
import java.util.List;

/**
 * An upstream cluster as Envoy knows it: the endpoints of one service port (optionally one subset),
 * with the DestinationRule policy in effect for them. The invoker uses one per attempt, in this
 * order: {@link #admit} (circuit breakers), {@link #pick} (load balancing among healthy endpoints),
 * {@link #begin} (counts the request on the endpoint), then {@link UpstreamCall#end} or
 * {@link UpstreamCall#fail} (outlier detection), then {@link Admission#close()}.
 *
 * <p>Instances belong to one compiled configuration snapshot and are safe for concurrent use.
 * Per-endpoint state (outlier detection, active requests) outlives the snapshot.
 */
public interface Cluster {

  /**
   * The request header from which {@code consistentHash.useSourceIp} takes the client's IP. In a
   * sidecar the source IP is the downstream connection's; in-process there is none, so the adapter
   * that knows the original client (for example a servlet filter forwarding a caller's request) sets
   * this header. Without it the request hashes randomly, as any missing hash key does.
   */
  String SOURCE_IP_HEADER = "x-meshlet-source-ip";

  /** The cluster's name: host, port and subset. */
  ClusterKey key();

  /** The service the cluster belongs to; null for the passthrough cluster. */
  Service service();

  /** The effective policy for this host, port and subset after Istio's layering. */
  ClusterPolicy policy();

  /** Every endpoint of the cluster, healthy or not, in registry order (empty for passthrough). */
  List<? extends UpstreamEndpoint> endpoints();

  /**
   * Envoy's circuit breakers for one request: a connection slot ({@code tcp.maxConnections}, waiting
   * in the pending queue of {@code http1MaxPendingRequests} when none is free) and an active-request
   * slot ({@code http2MaxRequests}). A request that is not {@link Admission#admitted() admitted}
   * is answered 503 {@code UO} with {@code x-envoy-overloaded: true} and never retried, unless it
   * {@link Admission#timedOut() timed out} waiting in the queue.
   *
   * @param maxWaitNanos how long the request may wait for a connection slot: the time left before its
   *     deadline, {@link Long#MAX_VALUE} when it has none
   * @throws InterruptedException when the waiting thread is interrupted
   */
  Admission admit(long maxWaitNanos) throws InterruptedException;

  /**
   * Asks for a retry under the {@code maxRetries} circuit breaker, or under the {@code retryBudget}
   * when the policy has one (the budget replaces the breaker, as in Envoy). False means the retry is
   * refused: the previous attempt's answer stands. Each true must be paired with {@link #endRetry()}.
   */
  boolean tryStartRetry();

  /** Ends a retry started by {@link #tryStartRetry()}. */
  void endRetry();

  /**
   * Load balancing: an endpoint for this request, or null when no healthy endpoint exists (503
   * {@code UH}). For passthrough clusters (resolution {@code NONE}, {@code DYNAMIC_DNS}, or
   * {@code PASSTHROUGH} load balancing) the request's own host and port.
   *
   * @param avoid endpoints already tried by earlier attempts (Envoy's {@code previous_hosts} retry
   *     predicate); honoured when another endpoint exists, ignored under consistent hashing
   * @param random the randomness for this pick
   */
  Pick pick(MeshRequest request, Collection<? extends UpstreamEndpoint> avoid, RandomSource random);

  /**
   * Starts a request to {@code endpoint} (from {@link #pick}): counts it as active for least-request
   * balancing. The returned call must be ended exactly once.
   */
  UpstreamCall begin(UpstreamEndpoint endpoint);

  /**
   * {@link #begin(UpstreamEndpoint)} for the picked endpoint, counting the call's time from the pick's
   * ticker reading instead of reading the clock again (a reading costs tens of nanoseconds).
   */
  default UpstreamCall begin(Pick pick) {
    return begin(pick.endpoint());
  }
}

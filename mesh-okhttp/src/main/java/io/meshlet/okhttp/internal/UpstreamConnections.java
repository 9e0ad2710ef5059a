package io.meshlet.okhttp.internal;

import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.cluster.ClusterPolicy;
import io.meshlet.cluster.UpstreamEndpoint;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/**
 * OkHttp objects the adapter keeps per cluster or endpoint so that connections are pooled: a
 * {@link Dns} per endpoint (OkHttp pools by it), a {@link ConnectionPool} per cluster whose
 * DestinationRule sets an idle timeout, and a mirror client per endpoint. Bounded by the number
 * of clusters and endpoints the mesh has seen.
 */
public final class UpstreamConnections {
  /** Istio's default idle timeout: with it, the client's own pool serves. */
  private static final Duration DEFAULT_IDLE = Duration.ofHours(1);
  private static final int MAX_ENTRIES = 10_000;

  private final ConcurrentMap<String, Dns> dns = new ConcurrentHashMap<>();
  private final ConcurrentMap<PoolKey, ConnectionPool> pools = new ConcurrentHashMap<>();
  private final ConcurrentMap<MirrorKey, OkHttpClient> mirrorClients = new ConcurrentHashMap<>();

  /** A cluster's pool for one idle timeout: a configuration change gets a pool of its own. */
  private record PoolKey(ClusterKey cluster, Duration idleTimeout) {}

  /**
   * A mirror client for one TLS setting (null for plain text; compiled anew, with new identities, when
   * the configuration changes) and one endpoint, whose Dns it uses.
   */
  private record MirrorKey(ClusterPolicy.Tls tls, String address) {}

  /** Resolves every name to the endpoint's address; one instance per endpoint, so OkHttp reuses its connections. */
  Dns dns(UpstreamEndpoint endpoint) {
    trim(dns);
    return dns.computeIfAbsent(endpoint.address(), address -> host -> List.of(InetAddress.getByName(address)));
  }

  /** A pool with the cluster's idle timeout, or null to use the client's own pool. */
  ConnectionPool pool(Cluster cluster) {
    ClusterPolicy.ConnectionPool settings = cluster.policy().connectionPool();
    Duration idle = settings.idleTimeout();
    if (idle == null || idle.equals(DEFAULT_IDLE) || idle.isZero()) {
      return null;
    }
    trim(pools);
    return pools.computeIfAbsent(new PoolKey(cluster.key(), idle),
        k -> new ConnectionPool(5, idle.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** The mirror client for {@code endpoint}: its Dns, and the target cluster's TLS when it has one. */
  OkHttpClient mirrorClient(OkHttpClient base, Cluster cluster, UpstreamEndpoint endpoint) {
    ClusterPolicy.Tls tls = cluster.policy().tls();
    trim(mirrorClients);
    return mirrorClients.computeIfAbsent(new MirrorKey(tls, endpoint.address()), k -> {
      OkHttpClient.Builder b = base.newBuilder().dns(dns(endpoint));
      if (tls != null) {
        b.sslSocketFactory(tls.sslSocketFactory(), tls.trustManager()).hostnameVerifier(tls.hostnameVerifier());
      }
      return b.build();
    });
  }

  private static void trim(ConcurrentMap<?, ?> map) {
    if (map.size() > MAX_ENTRIES) {
      map.clear(); // endpoints churned far beyond any live set; start over rather than grow
    }
  }
}

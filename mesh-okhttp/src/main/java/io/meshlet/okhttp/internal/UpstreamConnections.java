package io.meshlet.okhttp.internal;

import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.cluster.ClusterPolicy;
import io.meshlet.cluster.UpstreamEndpoint;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * OkHttp objects the adapter keeps per cluster or endpoint so that connections are pooled: a
 * {@link EndpointSockets} (Dns and socket factory) per endpoint (OkHttp pools connections by Dns
 * instance), a {@link ConnectionPool} per cluster whose DestinationRule sets an idle timeout, and a
 * mirror client per endpoint. Bounded by the number of clusters and endpoints the mesh has seen.
 */
public final class UpstreamConnections {
  /** Istio's default idle timeout: with it, the client's own pool serves. */
  private static final Duration DEFAULT_IDLE = Duration.ofHours(1);
  private static final int MAX_ENTRIES = 10_000;

  /** By {@link UpstreamEndpoint#authority()}: a string the mesh keeps per endpoint, so lookups allocate nothing. */
  private final ConcurrentMap<String, EndpointSockets> sockets = new ConcurrentHashMap<>();
  private final ConcurrentMap<PoolKey, ConnectionPool> pools = new ConcurrentHashMap<>();
  private final ConcurrentMap<MirrorKey, OkHttpClient> mirrorClients = new ConcurrentHashMap<>();
  /** The client mirror clients derive from: the caller's, or a default one built on first use. */
  private volatile OkHttpClient mirrorBase;

  /** @param mirrorBase the client to send mirrors with, or null for a default built when first needed */
  public UpstreamConnections(OkHttpClient mirrorBase) {
    this.mirrorBase = mirrorBase;
  }

  /** A cluster's pool for one idle timeout: a configuration change gets a pool of its own. */
  private record PoolKey(ClusterKey cluster, Duration idleTimeout) {}

  /**
   * A mirror client for one TLS setting (null for plain text; compiled anew, with new identities, when
   * the configuration changes) and one endpoint, whose Dns and sockets it uses.
   */
  private record MirrorKey(ClusterPolicy.Tls tls, String address, int port) {}

  /** The Dns and socket factory that reach {@code endpoint}; one instance per endpoint, so OkHttp reuses its connections. */
  EndpointSockets sockets(UpstreamEndpoint endpoint) {
    String key = endpoint.authority();
    EndpointSockets found = sockets.get(key); // get first: computeIfAbsent would allocate a lambda per call
    if (found != null) {
      return found;
    }
    trim(sockets);
    return sockets.computeIfAbsent(key, k -> new EndpointSockets(endpoint.address(), endpoint.port()));
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
  OkHttpClient mirrorClient(Cluster cluster, UpstreamEndpoint endpoint) {
    OkHttpClient base = mirrorBase();
    ClusterPolicy.Tls tls = cluster.policy().tls();
    trim(mirrorClients);
    return mirrorClients.computeIfAbsent(new MirrorKey(tls, endpoint.address(), endpoint.port()), k -> {
      EndpointSockets route = sockets(endpoint);
      OkHttpClient.Builder b = base.newBuilder().dns(route).socketFactory(route).proxy(Proxy.NO_PROXY);
      if (tls != null) {
        b.sslSocketFactory(tls.sslSocketFactory(), tls.trustManager()).hostnameVerifier(tls.hostnameVerifier());
      }
      return b.build();
    });
  }

  /**
   * Built lazily: an OkHttp client loads the platform's trust store when built, a cost not worth
   * paying for interceptors whose routes never mirror.
   */
  private OkHttpClient mirrorBase() {
    OkHttpClient base = mirrorBase;
    if (base == null) {
      synchronized (this) {
        base = mirrorBase;
        if (base == null) {
          base = new OkHttpClient.Builder().retryOnConnectionFailure(false).callTimeout(Duration.ofSeconds(30)).build();
          mirrorBase = base;
        }
      }
    }
    return base;
  }

  private static void trim(ConcurrentMap<?, ?> map) {
    if (map.size() > MAX_ENTRIES) {
      map.clear(); // endpoints churned far beyond any live set; start over rather than grow
    }
  }
}

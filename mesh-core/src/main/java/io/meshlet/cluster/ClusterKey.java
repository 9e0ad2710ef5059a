package io.meshlet.cluster;

import java.util.Objects;

/**
 * Names an upstream cluster as Envoy does: {@code outbound|port|subset|host}. Connection-pool limits,
 * load balancing and outlier detection are kept per cluster.
 *
 * @param host the destination service's fully qualified host name
 * @param subset the DestinationRule subset, or empty for the whole service
 * @param port the service port
 */
public record ClusterKey(String host, String subset, int port) {

  public ClusterKey {
    Objects.requireNonNull(host, "host");
    subset = subset == null ? "" : subset;
  }

  // Explicit, rather than the record's generated methods: clusters are looked up by key on every request.
  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof ClusterKey k && port == k.port && host.equals(k.host) && subset.equals(k.subset);
  }

  @Override
  public int hashCode() {
    return (host.hashCode() * 31 + subset.hashCode()) * 31 + port;
  }

  /** Envoy's cluster name, {@code outbound|9080|v1|reviews.default.svc.cluster.local}. */
  @Override
  public String toString() {
    return "outbound|" + port + "|" + subset + "|" + host;
  }
}

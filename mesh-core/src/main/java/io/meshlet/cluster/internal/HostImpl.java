package io.meshlet.cluster.internal;

import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.registry.Endpoint;
import java.util.Map;

/**
 * An endpoint of one compiled cluster: the registry endpoint with its resolved port, its place in
 * the priority levels, and its long-lived state. Equal to the same endpoint of the same cluster in
 * another snapshot, so retries can avoid hosts across a recompile.
 */
final class HostImpl implements UpstreamEndpoint {
  final Endpoint endpoint;
  final HostState state;
  final Locality locality;
  /** Priority level: 0 is preferred; set by locality failover. */
  int priority;

  HostImpl(Endpoint endpoint, HostState state) {
    this.endpoint = endpoint;
    this.state = state;
    this.locality = Locality.parse(endpoint.locality());
  }

  boolean healthy() {
    return !state.ejected;
  }

  @Override
  public String address() {
    return state.key.address();
  }

  @Override
  public int port() {
    return state.key.port();
  }

  @Override
  public Map<String, String> labels() {
    return endpoint.labels();
  }

  @Override
  public String locality() {
    return endpoint.locality();
  }

  @Override
  public int weight() {
    return endpoint.weight();
  }

  @Override
  public String network() {
    return endpoint.network();
  }

  @Override
  public String serviceAccount() {
    return endpoint.serviceAccount();
  }

  @Override
  public String authority() {
    String a = state.authority;
    if (a == null) {
      a = UpstreamEndpoint.super.authority();
      state.authority = a;
    }
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostImpl h && h.state.key.equals(state.key);
  }

  @Override
  public int hashCode() {
    return state.key.hashCode();
  }

  @Override
  public String toString() {
    return authority();
  }
}

package io.meshlet.config.model;

import java.util.Map;

/**
 * A non-Kubernetes workload (a VM, a bare-metal host) as an endpoint of mesh services; also the
 * element type of {@code ServiceEntry.endpoints}.
 *
 * @param address the IP, a hostname (DNS resolution only) or {@code unix:///path}; may be empty only
 *     when {@code network} is set
 * @param ports service port names to endpoint ports, overriding the service's target port
 * @param labels the endpoint's labels, which subsets and selectors match
 * @param network the network the endpoint is in, for multi-network meshes
 * @param locality {@code region/zone/subzone}
 * @param weight relative load-balancing weight; absent or 0 means 1
 * @param serviceAccount the workload's service account, for its identity
 */
public record WorkloadEntry(
    String address,
    Map<String, Integer> ports,
    Map<String, String> labels,
    String network,
    String locality,
    Integer weight,
    String serviceAccount) implements IstioSpec {

  public WorkloadEntry {
    ports = Copies.map(ports);
    labels = Copies.map(labels);
  }

  /** The load-balancing weight; Istio treats absent and 0 as 1. */
  public int weightOrDefault() {
    return weight == null || weight == 0 ? 1 : weight;
  }
}

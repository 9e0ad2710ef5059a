package io.meshlet.config.model;

import java.util.List;

/**
 * Adds entries to Istio's service registry, so that mesh traffic can reach services that are not
 * discovered automatically, and VirtualServices and DestinationRules can apply to them. An entry
 * whose host equals a platform service only contributes its {@code subjectAltNames}.
 *
 * @param hosts the hosts, required (1–256); matched against HTTP Host or TLS SNI; {@code *.suffix}
 *     allowed, bare {@code *} is not
 * @param addresses virtual IPs or CIDR blocks; without them TCP traffic is matched by port only
 * @param ports the service ports
 * @param location whether the service is inside the mesh; absent means {@code MESH_EXTERNAL}
 * @param resolution how endpoints are found; absent means {@code NONE}
 * @param endpoints the endpoints; exclusive with {@code workloadSelector}
 * @param workloadSelector selects WorkloadEntries and pods in the same namespace as endpoints
 * @param exportTo namespaces the entry is visible to; empty means all
 * @param subjectAltNames names the server certificate must carry
 */
public record ServiceEntry(
    List<String> hosts,
    List<String> addresses,
    List<ServicePort> ports,
    Location location,
    Resolution resolution,
    List<WorkloadEntry> endpoints,
    WorkloadSelector workloadSelector,
    List<String> exportTo,
    List<String> subjectAltNames) implements IstioSpec {

  public ServiceEntry {
    hosts = Copies.list(hosts);
    addresses = Copies.list(addresses);
    ports = Copies.list(ports);
    endpoints = Copies.list(endpoints);
    exportTo = Copies.list(exportTo);
    subjectAltNames = Copies.list(subjectAltNames);
  }

  /** Where the service runs relative to the mesh; decides mTLS and telemetry treatment. */
  public enum Location {
    /** Outside the mesh: no Istio mTLS, and client-side metrics only. */
    MESH_EXTERNAL,
    /** Part of the mesh, typically VMs or other platforms added by hand. */
    MESH_INTERNAL
  }

  /** How the proxy finds the addresses behind the hosts. */
  public enum Resolution {
    /** Forward to the address the client connected to. */
    NONE,
    /** Use the endpoints' static IP addresses. */
    STATIC,
    /** Resolve the endpoints' addresses (or the hosts) by DNS and use every returned address. */
    DNS,
    /** Resolve by DNS and use only the first returned address for new connections. */
    DNS_ROUND_ROBIN,
    /** Resolve the request's Host or SNI per request; for wildcard hosts. */
    DYNAMIC_DNS
  }

  /** The location; default {@code MESH_EXTERNAL}. */
  public Location locationOrDefault() {
    return location == null ? Location.MESH_EXTERNAL : location;
  }

  /** The resolution; default {@code NONE}. */
  public Resolution resolutionOrDefault() {
    return resolution == null ? Resolution.NONE : resolution;
  }
}

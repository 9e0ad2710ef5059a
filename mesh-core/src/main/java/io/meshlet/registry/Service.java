package io.meshlet.registry;

import io.meshlet.config.model.ServiceEntry;
import java.util.List;
import java.util.Objects;

/**
 * A service in the mesh registry: a host name clients address, its ports, and how its endpoints
 * are found. Built from a ServiceEntry host, or registered in Java.
 *
 * @param hostname fully qualified name, or a wildcard such as {@code *.example.com}
 * @param namespace the namespace that declares it (the ServiceEntry's)
 * @param ports declared ports; never empty for a service reached over HTTP
 * @param resolution how endpoints are found (STATIC, DNS, DNS_ROUND_ROBIN, NONE, DYNAMIC_DNS)
 * @param location MESH_INTERNAL or MESH_EXTERNAL
 * @param exportTo namespaces that may see it; empty means every namespace
 * @param subjectAltNames identities to verify on TLS connections to it
 */
public record Service(
    String hostname,
    String namespace,
    List<ServicePort> ports,
    ServiceEntry.Resolution resolution,
    ServiceEntry.Location location,
    List<String> exportTo,
    List<String> subjectAltNames) {

  public Service {
    Objects.requireNonNull(hostname, "hostname");
    namespace = namespace == null ? "default" : namespace;
    ports = List.copyOf(ports);
    resolution = resolution == null ? ServiceEntry.Resolution.STATIC : resolution;
    location = location == null ? ServiceEntry.Location.MESH_INTERNAL : location;
    exportTo = exportTo == null ? List.of() : List.copyOf(exportTo);
    subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
  }

  /** A service with static endpoints, as registered in Java: in-mesh, visible everywhere. */
  public static Service of(String hostname, String namespace, ServicePort... ports) {
    return new Service(hostname, namespace, List.of(ports), ServiceEntry.Resolution.STATIC,
        ServiceEntry.Location.MESH_INTERNAL, List.of(), List.of());
  }

  /** The declared port with this number, or null. */
  public ServicePort port(int number) {
    for (ServicePort p : ports) {
      if (p.number() == number) {
        return p;
      }
    }
    return null;
  }

  /** True when the host name starts with {@code *}. */
  public boolean isWildcard() {
    return hostname.startsWith("*");
  }
}

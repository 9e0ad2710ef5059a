package io.meshlet.registry;

import java.util.Collection;
import java.util.List;

/**
 * An immutable view of the mesh's services and their endpoints at one moment. The router reads
 * services (which hosts are in the mesh, on which ports); the load balancer reads endpoints.
 */
public interface ServiceRegistry {

  /** The service with exactly this host name (a wildcard service by its wildcard name), or null. */
  Service service(String hostname);

  /** Every service, in declaration order. */
  Collection<Service> services();

  /** The endpoints of a service, empty when it has none (or is unknown). */
  List<Endpoint> endpoints(String hostname);
}

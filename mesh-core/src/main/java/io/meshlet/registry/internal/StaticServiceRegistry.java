package io.meshlet.registry.internal;

import io.meshlet.registry.Endpoint;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServiceRegistry;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable {@link ServiceRegistry}: services in declaration order, endpoints by host name. */
public final class StaticServiceRegistry implements ServiceRegistry {
  private final Map<String, Service> services;
  private final Map<String, List<Endpoint>> endpoints;

  /**
   * A registry of these services (by host name, in iteration order) and their endpoints. A service
   * without an entry in {@code endpoints} has none.
   */
  public StaticServiceRegistry(Map<String, Service> services, Map<String, List<Endpoint>> endpoints) {
    this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    Map<String, List<Endpoint>> copy = new LinkedHashMap<>();
    endpoints.forEach((host, list) -> copy.put(host, List.copyOf(list)));
    this.endpoints = Collections.unmodifiableMap(copy);
  }

  /** A registry without services. */
  public static StaticServiceRegistry empty() {
    return new StaticServiceRegistry(Map.of(), Map.of());
  }

  @Override
  public Service service(String hostname) {
    return services.get(hostname);
  }

  @Override
  public Collection<Service> services() {
    return services.values();
  }

  @Override
  public List<Endpoint> endpoints(String hostname) {
    return endpoints.getOrDefault(hostname, List.of());
  }

  @Override
  public String toString() {
    return "ServiceRegistry" + services.keySet();
  }
}

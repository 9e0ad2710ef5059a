package io.meshlet.registry;

import java.util.List;
import java.util.Map;

/**
 * A platform that knows services and their endpoints, such as Kubernetes (Services and
 * EndpointSlices) or Consul, feeding the mesh registry. Its services are platform services, as
 * Kubernetes Services are in Istio: a ServiceEntry for the same host only adds its
 * {@code subjectAltNames}.
 *
 * <p>The mesh calls {@link #start} once; the source then reports what it knows, from any thread, as
 * often as it changes. Each report replaces what the source reported before for those hosts. A
 * change of endpoints recompiles the mesh's snapshot; per-endpoint state (outlier detection, active
 * requests) of endpoints that stay is kept.
 */
public interface EndpointSource extends AutoCloseable {

  /** Starts reporting to {@code listener}; may report synchronously before returning. */
  void start(Listener listener);

  /** Stops reporting and releases resources. */
  @Override
  void close();

  /** Receives a source's services and endpoints. Thread-safe. */
  interface Listener {

    /** Replaces everything this source reported before with {@code services}. */
    void replaceAll(Map<Service, List<Endpoint>> services);

    /** Adds or replaces one service and its endpoints. */
    void update(Service service, List<Endpoint> endpoints);

    /** Removes the service with this host name. */
    void remove(String hostname);
  }
}

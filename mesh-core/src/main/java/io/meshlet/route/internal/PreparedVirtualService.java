package io.meshlet.route.internal;

import io.meshlet.config.Resource;
import io.meshlet.config.model.VirtualService;
import java.util.List;

/**
 * A root VirtualService that applies to this workload's sidecar, with its hosts resolved to fully
 * qualified names and its delegates merged.
 *
 * @param resource the loaded resource
 * @param key {@code namespace/name}
 * @param hosts the hosts, fully qualified or wildcards
 * @param routes the HTTP routes in order
 */
record PreparedVirtualService(Resource<VirtualService> resource, String key, List<String> hosts,
    List<PreparedRoute> routes) {

  String namespace() {
    return resource.namespace();
  }
}

package io.meshlet.config.model;

import java.util.List;
import java.util.Map;

/**
 * A load balancer at the edge of the mesh: the ports it listens on, the hosts it serves there and
 * their TLS settings. Routing for those hosts comes from VirtualServices that name the gateway.
 *
 * @param servers the listeners
 * @param selector labels of the gateway workloads this configuration applies to
 */
public record Gateway(List<Server> servers, Map<String, String> selector) implements IstioSpec {
  public Gateway {
    servers = Copies.list(servers);
    selector = Copies.map(selector);
  }
}

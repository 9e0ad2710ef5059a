package io.meshlet.config.model;

import java.util.List;
import java.util.Map;

/**
 * One match block of a TLS route; every condition set in it must hold.
 *
 * @param sniHosts SNI values to match, required; wildcards allowed; must be among the
 *     VirtualService's hosts
 * @param destinationSubnets destination IPs or CIDR blocks
 * @param port the service port
 * @param sourceLabels the client workload's labels must include these
 * @param gateways gateway names that override the VirtualService's list for this block
 * @param sourceNamespace the client workload must be in this namespace
 */
public record TlsMatchAttributes(
    List<String> sniHosts,
    List<String> destinationSubnets,
    Integer port,
    Map<String, String> sourceLabels,
    List<String> gateways,
    String sourceNamespace) {

  public TlsMatchAttributes {
    sniHosts = Copies.list(sniHosts);
    destinationSubnets = Copies.list(destinationSubnets);
    sourceLabels = Copies.map(sourceLabels);
    gateways = Copies.list(gateways);
  }
}

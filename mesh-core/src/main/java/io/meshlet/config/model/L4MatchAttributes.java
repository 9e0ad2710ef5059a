package io.meshlet.config.model;

import java.util.List;
import java.util.Map;

/**
 * One match block of a TCP route; every condition set in it must hold.
 *
 * @param destinationSubnets destination IPs or CIDR blocks
 * @param port the service port
 * @param sourceSubnet source IP or CIDR block; present in Istio's schema but hidden from its docs
 * @param sourceLabels the client workload's labels must include these
 * @param gateways gateway names that override the VirtualService's list for this block
 * @param sourceNamespace the client workload must be in this namespace
 */
public record L4MatchAttributes(
    List<String> destinationSubnets,
    Integer port,
    String sourceSubnet,
    Map<String, String> sourceLabels,
    List<String> gateways,
    String sourceNamespace) {

  public L4MatchAttributes {
    destinationSubnets = Copies.list(destinationSubnets);
    sourceLabels = Copies.map(sourceLabels);
    gateways = Copies.list(gateways);
  }
}

package io.meshlet.config.model;

import java.util.List;

/**
 * Zone-aware routing (Envoy's): traffic stays in the client's availability zone as far as the local
 * zone's share of endpoints allows and spills over to other zones beyond it. Endpoints are always
 * partitioned by region first; other regions only take traffic on failover.
 *
 * @param enabled turns zone-aware load balancing on or off for this rule, overriding the mesh setting
 * @param failover orders the regions traffic fails over to
 * @param failoverPriority ordered labels that rank endpoints into priorities; must not name the
 *     region, zone or subzone topology labels
 * @param minClusterSize minimum hosts in the local region for zone-aware routing to apply; absent
 *     means 6
 */
public record ZoneAwareLoadBalancerSetting(
    Boolean enabled,
    List<Failover> failover,
    List<String> failoverPriority,
    Integer minClusterSize) {

  public ZoneAwareLoadBalancerSetting {
    failover = Copies.list(failover);
    failoverPriority = Copies.list(failoverPriority);
  }

  /** The minimum local-region cluster size; default 6. */
  public int minClusterSizeOrDefault() {
    return minClusterSize == null ? 6 : minClusterSize;
  }

  /**
   * A region-to-region failover rule.
   *
   * @param from the originating region
   * @param to the region traffic fails over to when {@code from} becomes unhealthy
   */
  public record Failover(String from, String to) {}
}

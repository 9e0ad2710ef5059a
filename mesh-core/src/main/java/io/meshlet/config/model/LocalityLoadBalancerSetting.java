package io.meshlet.config.model;

import java.util.List;
import java.util.Map;

/**
 * Locality-aware load balancing: traffic prefers endpoints in the client's own locality
 * ({@code region/zone/subzone}) and fails over by priority as health drops. At most one of
 * {@code distribute}, {@code failover} and {@code failoverPriority} is set; failover acts only when
 * outlier detection is configured.
 *
 * @param distribute explicit weights from each source locality to destination localities
 * @param failover the region each region fails over to
 * @param failoverPriority ordered labels ({@code key} or {@code key=value}) that rank endpoints into
 *     priorities
 * @param enabled turns locality load balancing on or off for this rule, overriding the mesh setting
 */
public record LocalityLoadBalancerSetting(
    List<Distribute> distribute,
    List<Failover> failover,
    List<String> failoverPriority,
    Boolean enabled) {

  public LocalityLoadBalancerSetting {
    distribute = Copies.list(distribute);
    failover = Copies.list(failover);
    failoverPriority = Copies.list(failoverPriority);
  }

  /**
   * How traffic from one locality is spread over others; localities not listed receive none.
   * Terminal wildcards ({@code us-west/*}) are allowed in every segment.
   *
   * @param from the originating locality, {@code region/zone/subzone}
   * @param to destination localities and their weights, which should add up to 100
   */
  public record Distribute(String from, Map<String, Integer> to) {
    public Distribute {
      to = Copies.map(to);
    }
  }

  /**
   * A region-to-region failover rule; zone and subzone failover need no configuration.
   *
   * @param from the originating region
   * @param to the region traffic fails over to when {@code from} becomes unhealthy
   */
  public record Failover(String from, String to) {}
}

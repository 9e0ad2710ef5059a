package io.meshlet.config.model;

import java.util.List;
import java.util.Map;

/**
 * Policies applied to traffic for a service after routing has happened: load balancing, connection
 * pool limits, outlier detection and TLS, with named subsets that may override them. Subset policies
 * take effect only when a route sends traffic to that subset explicitly.
 *
 * @param host the service the rule applies to, required; short names resolve against this rule's
 *     namespace and {@code *.suffix} wildcards are allowed; the most specific rule wins
 * @param trafficPolicy the service-level policy
 * @param subsets named versions of the service, selected by endpoint labels
 * @param exportTo namespaces the rule is visible to ({@code .} own, {@code *} all); empty means all
 * @param workloadSelector limits the rule to client workloads in its own namespace with these labels
 */
public record DestinationRule(
    String host,
    TrafficPolicy trafficPolicy,
    List<Subset> subsets,
    List<String> exportTo,
    WorkloadSelector workloadSelector) implements IstioSpec {

  public DestinationRule {
    subsets = Copies.list(subsets);
    exportTo = Copies.list(exportTo);
  }

  /**
   * Istio's {@code istio.type.v1beta1.WorkloadSelector}, which names its labels {@code matchLabels}
   * (unlike the networking {@link io.meshlet.config.model.WorkloadSelector}, which says
   * {@code labels}). Selectors never cross namespaces.
   *
   * @param matchLabels labels the client workload must carry; wildcards are not allowed
   */
  public record WorkloadSelector(Map<String, String> matchLabels) {
    public WorkloadSelector {
      matchLabels = Copies.map(matchLabels);
    }
  }
}

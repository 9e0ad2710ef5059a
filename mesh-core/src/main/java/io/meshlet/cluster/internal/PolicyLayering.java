package io.meshlet.cluster.internal;

import io.meshlet.config.model.TrafficPolicy;
import io.meshlet.config.model.TrafficPolicy.PortTrafficPolicy;

/**
 * Istio's layering of a DestinationRule's traffic policy for one (port, subset):
 * <ol>
 *   <li>the rule's {@code trafficPolicy};
 *   <li>a {@code portLevelSettings} entry for the port replaces it wholesale: the four sections it
 *       carries ({@code loadBalancer}, {@code connectionPool}, {@code outlierDetection}, {@code tls}),
 *       unset ones falling back to defaults, and nothing else of the rule level survives;
 *   <li>the subset's policy (itself port-resolved the same way) replaces the result section by
 *       section; when the subset has a port-level entry for the port, all four sections are taken
 *       from it, set or not.
 * </ol>
 * This follows {@code GetPortLevelTrafficPolicy} and {@code MergeSubsetTrafficPolicy} in
 * istio/istio {@code pilot/pkg/networking/util}.
 */
final class PolicyLayering {
  private PolicyLayering() {}

  /** The effective policy of the rule for {@code port} and, when not null, {@code subsetPolicy}. */
  static TrafficPolicy effective(TrafficPolicy rulePolicy, TrafficPolicy subsetPolicy, int port) {
    TrafficPolicy base = portLevel(rulePolicy, port);
    if (subsetPolicy == null) {
      return base;
    }
    PortTrafficPolicy subsetPort = portEntry(subsetPolicy, port);
    TrafficPolicy subset = portLevel(subsetPolicy, port);
    if (base == null) {
      return subset;
    }
    boolean replaceAll = subsetPort != null;
    return new TrafficPolicy(
        subset.loadBalancer() != null || replaceAll ? subset.loadBalancer() : base.loadBalancer(),
        subset.connectionPool() != null || replaceAll ? subset.connectionPool() : base.connectionPool(),
        subset.outlierDetection() != null || replaceAll ? subset.outlierDetection() : base.outlierDetection(),
        subset.tls() != null || replaceAll ? subset.tls() : base.tls(),
        null,
        subset.tunnel() != null ? subset.tunnel() : base.tunnel(),
        subset.proxyProtocol() != null ? subset.proxyProtocol() : base.proxyProtocol(),
        subset.retryBudget() != null ? subset.retryBudget() : base.retryBudget());
  }

  /** The policy for one port: the port-level entry (its four sections only) when there is one. */
  static TrafficPolicy portLevel(TrafficPolicy policy, int port) {
    if (policy == null) {
      return null;
    }
    PortTrafficPolicy p = portEntry(policy, port);
    if (p == null) {
      return new TrafficPolicy(policy.loadBalancer(), policy.connectionPool(), policy.outlierDetection(),
          policy.tls(), null, policy.tunnel(), policy.proxyProtocol(), policy.retryBudget());
    }
    return new TrafficPolicy(p.loadBalancer(), p.connectionPool(), p.outlierDetection(), p.tls(), null, null, null,
        null);
  }

  private static PortTrafficPolicy portEntry(TrafficPolicy policy, int port) {
    for (PortTrafficPolicy p : policy.portLevelSettings()) {
      if (p.port() != null && p.port().number() != null && p.port().number() == port) {
        return p;
      }
    }
    return null;
  }
}

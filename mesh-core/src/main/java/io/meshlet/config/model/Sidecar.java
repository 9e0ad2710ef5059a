package io.meshlet.config.model;

import java.util.List;

/**
 * Scopes and tunes the proxy of a set of workloads: which services it can reach ({@code egress}),
 * which ports it accepts traffic on ({@code ingress}) and what it does with unknown destinations.
 * Without a selector it is the namespace default; in the root namespace, the mesh default.
 *
 * @param workloadSelector the workloads it applies to; absent means every workload in the namespace
 * @param ingress inbound listeners
 * @param egress outbound listeners and the hosts each imports
 * @param inboundConnectionPool connection limits for all inbound traffic, unless an ingress listener
 *     sets its own
 * @param outboundTrafficPolicy what to do with traffic to unknown destinations; absent means the
 *     mesh setting
 */
public record Sidecar(
    WorkloadSelector workloadSelector,
    List<IstioIngressListener> ingress,
    List<IstioEgressListener> egress,
    ConnectionPoolSettings inboundConnectionPool,
    OutboundTrafficPolicy outboundTrafficPolicy) implements IstioSpec {

  public Sidecar {
    ingress = Copies.list(ingress);
    egress = Copies.list(egress);
  }
}

package io.meshlet.cluster.internal;

import io.meshlet.Workload;
import io.meshlet.config.model.LocalityLoadBalancerSetting;
import io.meshlet.config.model.LocalityLoadBalancerSetting.Distribute;
import io.meshlet.config.model.LocalityLoadBalancerSetting.Failover;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Istio's locality load balancing ({@code pilot/pkg/networking/core/loadbalancer}), applied to a
 * cluster's hosts at compile time. {@code distribute} sets locality weights (and drops localities it
 * does not list); otherwise, only when outlier detection is on, hosts get failover priorities: by
 * {@code failoverPriority} labels, or by locality (same subzone 0, zone 1, region 2, elsewhere 3, a
 * region excluded by {@code failover} 4), renumbered without gaps.
 */
final class LocalityAssignment {
  private LocalityAssignment() {}

  /** The hosts that take traffic and, for {@code distribute}, the weight of each locality (else null). */
  record Result(List<HostImpl> hosts, Map<String, Integer> localityWeights) {}

  static Result apply(List<HostImpl> hosts, LocalityLoadBalancerSetting setting, boolean outlierEnabled,
      Workload client) {
    for (HostImpl h : hosts) {
      h.priority = 0;
    }
    if (setting != null && Boolean.FALSE.equals(setting.enabled())) {
      return new Result(hosts, null);
    }
    Locality clientLocality = Locality.ofClient(client.labels());
    if (setting != null && !setting.distribute().isEmpty()) {
      return distribute(hosts, setting.distribute(), clientLocality);
    }
    if (!outlierEnabled) {
      // Without outlier detection nothing ever becomes unhealthy, so Istio sets no priorities.
      return new Result(hosts, null);
    }
    List<String> failoverPriority = setting == null ? List.of() : setting.failoverPriority();
    List<Failover> failover = setting == null ? List.of() : setting.failover();
    int[] priority = new int[hosts.size()];
    if (!failoverPriority.isEmpty()) {
      if (!client.labels().isEmpty()) {
        Map<String, String> clientLabels = withTopology(client.labels(), clientLocality, "");
        for (int i = 0; i < hosts.size(); i++) {
          priority[i] = labelPriority(hosts.get(i), clientLabels, failoverPriority);
        }
      }
      if (!failover.isEmpty()) {
        for (int i = 0; i < hosts.size(); i++) {
          priority[i] = priority[i] * 5 + localityPriority(hosts.get(i), clientLocality, failover);
        }
      }
    } else {
      for (int i = 0; i < hosts.size(); i++) {
        priority[i] = localityPriority(hosts.get(i), clientLocality, failover);
      }
    }
    // Priorities must run from 0 without gaps.
    List<Integer> distinct = new ArrayList<>(new TreeSet<>(java.util.Arrays.stream(priority).boxed().toList()));
    for (int i = 0; i < hosts.size(); i++) {
      hosts.get(i).priority = distinct.indexOf(priority[i]);
    }
    return new Result(hosts, null);
  }

  private static Result distribute(List<HostImpl> hosts, List<Distribute> rules, Locality client) {
    for (Distribute d : rules) {
      if (d.from() == null || !client.matches(d.from())) {
        continue;
      }
      Map<String, Integer> groupWeight = new LinkedHashMap<>();
      for (HostImpl h : hosts) {
        groupWeight.merge(h.locality(), h.weight(), Integer::sum);
      }
      Set<String> unmatched = new LinkedHashSet<>(groupWeight.keySet());
      Map<String, Integer> weights = new HashMap<>();
      for (Map.Entry<String, Integer> to : d.to().entrySet()) {
        List<String> matched = new ArrayList<>();
        long total = 0;
        for (String locality : unmatched) {
          if (Locality.parse(locality).matches(to.getKey())) {
            matched.add(locality);
            total += groupWeight.get(locality);
          }
        }
        unmatched.removeAll(matched);
        // A wildcard matching several localities shares its weight among them by their size.
        for (String locality : matched) {
          double w = (double) groupWeight.get(locality) * to.getValue() / total;
          weights.put(locality, w > 0 ? (int) Math.ceil(w) : groupWeight.get(locality));
        }
      }
      List<HostImpl> kept = new ArrayList<>();
      for (HostImpl h : hosts) {
        if (weights.containsKey(h.locality())) {
          kept.add(h);
        }
      }
      return new Result(kept, weights);
    }
    return new Result(hosts, null);
  }

  private static int localityPriority(HostImpl host, Locality client, List<Failover> failover) {
    int p = host.locality.priorityFrom(client);
    if (p == 3) {
      for (Failover f : failover) {
        if (client.region().equals(f.from())) {
          if (!host.locality.region().equals(f.to())) {
            p = 4;
          }
          break;
        }
      }
    }
    return p;
  }

  /**
   * 0 when the host matches the client on every label, else (number of labels - index of the first
   * label that differs). A {@code key=value} entry compares the host's label with that value. A label
   * missing on both sides matches, as Istio compares empty strings.
   */
  private static int labelPriority(HostImpl host, Map<String, String> clientLabels, List<String> failoverPriority) {
    Map<String, String> hostLabels = withTopology(host.labels(), host.locality, host.network());
    for (int j = 0; j < failoverPriority.size(); j++) {
      String entry = failoverPriority.get(j);
      int eq = entry.indexOf('=');
      String label = eq >= 0 ? entry.substring(0, eq) : entry;
      String wanted = eq >= 0 ? entry.substring(eq + 1) : clientLabels.getOrDefault(label, "");
      if (!wanted.equals(hostLabels.getOrDefault(label, ""))) {
        return failoverPriority.size() - j;
      }
    }
    return 0;
  }

  /** Labels plus the topology labels Istio derives from locality and network. */
  private static Map<String, String> withTopology(Map<String, String> labels, Locality locality, String network) {
    Map<String, String> out = new HashMap<>();
    putIfSet(out, Locality.REGION_LABEL, locality.region());
    putIfSet(out, Locality.ZONE_LABEL, locality.zone());
    putIfSet(out, Locality.SUBZONE_LABEL, locality.subzone());
    putIfSet(out, "topology.istio.io/network", network);
    out.putAll(labels);
    return out;
  }

  private static void putIfSet(Map<String, String> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }
}

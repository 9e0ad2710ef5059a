package io.meshlet.cluster.internal;

import io.meshlet.Workload;
import io.meshlet.config.Resource;
import io.meshlet.config.model.DestinationRule;
import io.meshlet.config.model.Subset;
import io.meshlet.config.model.TrafficPolicy;
import io.meshlet.registry.internal.CreationOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the DestinationRule for a service as Istio's push context does: rules in the client's
 * namespace first, then rules the service's namespace exports to the client, then the root
 * namespace's; at each step the most specific host wins, and a rule with a {@code workloadSelector}
 * matching the client comes before one without. Several rules for one host are merged (subsets
 * concatenated, the first top-level {@code trafficPolicy} kept), exactly as Istio merges them.
 */
final class DestinationRuleIndex {
  static final String ROOT_NAMESPACE = "istio-system";
  static final String DOMAIN_SUFFIX = "svc.cluster.local";

  /** Istio's ConsolidatedDestRule: one or more rules merged for one host. */
  static final class Merged {
    final Map<String, String> selector;
    final Set<String> exportTo;
    final String namespace;
    final List<Subset> subsets = new ArrayList<>();
    TrafficPolicy trafficPolicy;
    final List<Resource<DestinationRule>> from = new ArrayList<>();

    Merged(Resource<DestinationRule> r, Set<String> exportTo) {
      DestinationRule dr = r.spec();
      this.selector = dr.workloadSelector() == null ? null : dr.workloadSelector().matchLabels();
      this.exportTo = exportTo;
      this.namespace = r.namespace();
      this.subsets.addAll(dr.subsets());
      this.trafficPolicy = dr.trafficPolicy();
      this.from.add(r);
    }

    Subset subset(String name) {
      for (Subset s : subsets) {
        if (s.name().equals(name)) {
          return s;
        }
      }
      return null;
    }

    /** The rule that contributed first, for diagnostics. */
    Resource<DestinationRule> origin() {
      return from.get(0);
    }
  }

  private final Map<String, Map<String, List<Merged>>> namespaceLocal = new HashMap<>();
  private final Map<String, Map<String, List<Merged>>> exported = new HashMap<>();
  private final Map<String, List<Merged>> rootLocal = new HashMap<>();

  DestinationRuleIndex(List<Resource<DestinationRule>> rules) {
    List<Resource<DestinationRule>> sorted = new ArrayList<>(rules);
    // Istio: rules with a workload selector first, then by creation time.
    sorted.sort(Comparator.<Resource<DestinationRule>, Boolean>comparing(r -> r.spec().workloadSelector() == null)
        .thenComparing(CreationOrder.OLDEST_FIRST));
    for (Resource<DestinationRule> r : sorted) {
      if (r.spec().host() == null || r.spec().host().isEmpty()) {
        continue;
      }
      String ns = r.namespace();
      String host = resolveShortName(r.spec().host(), ns);
      // A rule with a workload selector is never exported.
      Set<String> exportTo = r.spec().workloadSelector() != null ? Set.of(".") : new LinkedHashSet<>(r.spec().exportTo());
      if (exportTo.isEmpty() || exportTo.contains("*") || exportTo.contains(".") || exportTo.contains(ns)) {
        merge(namespaceLocal.computeIfAbsent(ns, k -> new HashMap<>()), host, r, exportTo);
      }
      boolean privateOnly = exportTo.size() == 1 && (exportTo.contains(".") || exportTo.contains(ns));
      if (!privateOnly) {
        merge(exported.computeIfAbsent(ns, k -> new HashMap<>()), host, r, exportTo);
      } else if (ns.equals(ROOT_NAMESPACE)) {
        merge(rootLocal, host, r, exportTo);
      }
    }
  }

  /** The rule in effect for {@code hostname} (a service in {@code serviceNamespace}) from {@code client}, or null. */
  Merged lookup(String hostname, String serviceNamespace, Workload client) {
    String clientNs = client.namespace();
    List<Merged> found = clientNs.equals(ROOT_NAMESPACE) ? mostSpecific(rootLocal, hostname)
        : mostSpecific(namespaceLocal.get(clientNs), hostname);
    if (found == null) {
      found = exportedFrom(serviceNamespace, hostname, clientNs);
    }
    if (found == null) {
      found = exportedFrom(ROOT_NAMESPACE, hostname, clientNs);
    }
    if (found == null) {
      return null;
    }
    Merged catchAll = null;
    for (Merged m : found) {
      if (m.selector == null) {
        catchAll = m;
      } else if (m.namespace.equals(clientNs)
          && client.labels().entrySet().containsAll(m.selector.entrySet())) {
        return m;
      }
    }
    return catchAll;
  }

  private List<Merged> exportedFrom(String ns, String hostname, String clientNs) {
    List<Merged> found = mostSpecific(exported.get(ns), hostname);
    if (found == null) {
      return null;
    }
    List<Merged> out = new ArrayList<>();
    for (Merged m : found) {
      if (m.exportTo.isEmpty() || m.exportTo.contains("*") || m.exportTo.contains(clientNs)) {
        out.add(m);
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** Istio's MostSpecificHostMatch: an exact host, else the longest wildcard that covers it. */
  static List<Merged> mostSpecific(Map<String, List<Merged>> byHost, String hostname) {
    if (byHost == null) {
      return null;
    }
    List<Merged> exact = byHost.get(hostname);
    if (exact != null) {
      return exact;
    }
    String needle = hostname.startsWith("*") ? hostname.substring(1) : hostname;
    String best = null;
    for (String h : byHost.keySet()) {
      if (h.startsWith("*") && needle.endsWith(h.substring(1)) && (best == null || h.length() > best.length())) {
        best = h;
      }
    }
    return best == null ? null : byHost.get(best);
  }

  /** Istio's merge of a rule into the rules already seen for its host in one index. */
  private static void merge(Map<String, List<Merged>> byHost, String host, Resource<DestinationRule> r,
      Set<String> exportTo) {
    List<Merged> list = byHost.get(host);
    if (list == null) {
      list = new ArrayList<>();
      list.add(new Merged(r, exportTo));
      byHost.put(host, list);
      return;
    }
    DestinationRule rule = r.spec();
    Map<String, String> selector = rule.workloadSelector() == null ? null : rule.workloadSelector().matchLabels();
    boolean appendSeparately = true;
    for (Merged m : new ArrayList<>(list)) {
      boolean bothWithout = selector == null && m.selector == null;
      boolean bothWith = selector != null && m.selector != null;
      boolean selectorsMatch = bothWith && selector.equals(m.selector);
      if (exportTo.equals(m.exportTo)) {
        appendSeparately = !(bothWithout || selectorsMatch);
      } else if (!m.exportTo.isEmpty() && exportTo.containsAll(m.exportTo)) {
        appendSeparately = true;
      } else {
        appendSeparately = true;
        continue;
      }
      if (bothWith && !selectorsMatch) {
        appendSeparately = true;
        continue;
      }
      if (bothWithout || selectorsMatch) {
        appendSeparately = false;
      }
      m.from.add(r);
      for (Subset s : rule.subsets()) {
        if (m.subset(s.name()) == null) {
          m.subsets.add(s);
        }
      }
      if (m.trafficPolicy == null) {
        m.trafficPolicy = rule.trafficPolicy();
      }
    }
    if (appendSeparately) {
      list.add(new Merged(r, exportTo));
    }
  }

  /** Istio's short-name rule: a host without a dot is {@code name.<rule namespace>.svc.cluster.local}. */
  static String resolveShortName(String host, String namespace) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("*") || h.contains(".")) {
      return h;
    }
    return h + "." + namespace + "." + DOMAIN_SUFFIX;
  }
}

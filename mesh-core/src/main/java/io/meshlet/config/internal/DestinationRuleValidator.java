package io.meshlet.config.internal;

import io.meshlet.config.model.DestinationRule;
import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.Subset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Istio's validation of a DestinationRule: the host, subsets (unique DNS-1123 names, valid labels,
 * their policies), {@code exportTo} and {@code workloadSelector}; the traffic policies are checked
 * by {@link TrafficPolicyValidator}.
 */
final class DestinationRuleValidator {
  private DestinationRuleValidator() {}

  static void validate(DestinationRule spec, ObjectMeta meta, String path, Problems p) {
    String hostPath = Paths.field(path, "host");
    if (spec.host() == null || spec.host().isEmpty()) {
      p.error(hostPath, "required: the service the rule applies to, such as reviews.default.svc.cluster.local");
    } else {
      host(spec.host(), hostPath, p, true);
    }
    if (spec.trafficPolicy() != null) {
      TrafficPolicyValidator.validate(spec.trafficPolicy(), Paths.field(path, "trafficPolicy"), p);
    }
    subsets(spec.subsets(), Paths.field(path, "subsets"), p);
    DestinationRule.WorkloadSelector selector = spec.workloadSelector();
    exportTo(spec.exportTo(), meta.namespace(), false, selector != null, Paths.field(path, "exportTo"), p);
    if (selector != null) {
      String selectorPath = Paths.field(path, "workloadSelector");
      Validation.selectorLabels(selector.matchLabels(), Paths.field(selectorPath, "matchLabels"), p);
      if (selector.matchLabels().isEmpty()) {
        p.warning(selectorPath, "has no matchLabels, so it selects every workload in the namespace");
      }
    }
  }

  private static void subsets(List<Subset> subsets, String path, Problems p) {
    Map<String, Integer> firstByName = new HashMap<>();
    for (int i = 0; i < subsets.size(); i++) {
      Subset subset = subsets.get(i);
      String itemPath = Paths.index(path, i);
      String namePath = Paths.field(itemPath, "name");
      String name = subset.name();
      if (name == null || name.isEmpty()) {
        p.error(namePath, "required: routes select the subset by this name");
      } else if (!ServiceEntryRules.isLabel(name)) {
        p.error(namePath, "invalid subset name \"" + name + "\": use letters, digits and '-', at most 63 "
            + "characters, such as v1");
      } else {
        Integer first = firstByName.putIfAbsent(name, i);
        if (first != null) {
          p.error(namePath, "duplicate subset name \"" + name + "\", already used by " + Paths.index("subsets", first));
        }
      }
      Validation.labels(subset.labels(), Paths.field(itemPath, "labels"), p);
      if (subset.trafficPolicy() != null) {
        TrafficPolicyValidator.validate(subset.trafficPolicy(), Paths.field(itemPath, "trafficPolicy"), p);
      }
    }
  }

  /**
   * A host as Istio's {@code ValidateWildcardDomain} accepts it: a DNS name, optionally with a
   * wildcard first label, and not ending in an all-digit label (an IP address is not a host).
   */
  static void host(String host, String path, Problems p, boolean allowBareStar) {
    int before = p.documentErrors();
    Validation.wildcardHost(host, path, p, allowBareStar);
    if (p.documentErrors() == before && ServiceEntryRules.numericTopLevel(host)) {
      p.error(path, "invalid host \"" + host + "\": the last label is all digits; an IP address is not a host name");
    }
  }

  /**
   * Istio's {@code exportTo} rules on top of {@link Validation#exportTo}: {@code ~} only in a
   * ServiceEntry, {@code .} and the object's own namespace are duplicates, and a DestinationRule
   * with a workload selector stays in its own namespace.
   */
  static void exportTo(List<String> exportTo, String namespace, boolean serviceEntry, boolean drWithSelector,
      String path, Problems p) {
    Validation.exportTo(exportTo, path, p);
    Set<String> resolved = new LinkedHashSet<>();
    for (int i = 0; i < exportTo.size(); i++) {
      String entry = exportTo.get(i);
      if (entry.equals("~") && !serviceEntry) {
        p.error(Paths.index(path, i), "\"~\" (visible to no namespace) is allowed only in a ServiceEntry");
      }
      String ns = entry.equals(".") ? namespace : entry;
      if (!resolved.add(ns) && !exportTo.subList(0, i).contains(entry)) {
        p.error(Paths.index(path, i), "duplicate entry: \".\" already means this object's namespace \""
            + namespace + "\"");
      }
    }
    if (drWithSelector && !resolved.isEmpty()) {
      if (!resolved.contains(namespace)) {
        p.error(path, "a DestinationRule with a workloadSelector can only be exported to its own namespace (\".\")");
      } else if (resolved.size() > 1) {
        p.error(path, "a DestinationRule with a workloadSelector cannot be exported to other namespaces");
      }
    }
  }
}

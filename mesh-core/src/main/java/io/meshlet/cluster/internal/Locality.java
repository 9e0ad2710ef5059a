package io.meshlet.cluster.internal;

import java.util.Map;

/**
 * A {@code region/zone/subzone} locality. A client's comes from its workload labels: Istio's
 * {@code istio-locality} ({@code region.zone.subzone} or with slashes), else the Kubernetes
 * topology labels {@code topology.kubernetes.io/region}, {@code topology.kubernetes.io/zone} and
 * {@code topology.istio.io/subzone}.
 */
record Locality(String region, String zone, String subzone) {
  static final Locality UNKNOWN = new Locality("", "", "");
  static final String REGION_LABEL = "topology.kubernetes.io/region";
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  static final String SUBZONE_LABEL = "topology.istio.io/subzone";

  static Locality parse(String s) {
    if (s == null || s.isEmpty()) {
      return UNKNOWN;
    }
    String[] parts = s.split("/", -1);
    return new Locality(part(parts, 0), part(parts, 1), part(parts, 2));
  }

  static Locality ofClient(Map<String, String> labels) {
    String istio = labels.get("istio-locality");
    if (istio != null && !istio.isEmpty()) {
      return parse(istio.replace('.', '/'));
    }
    return new Locality(labels.getOrDefault(REGION_LABEL, ""), labels.getOrDefault(ZONE_LABEL, ""),
        labels.getOrDefault(SUBZONE_LABEL, ""));
  }

  /** Istio's {@code LocalityMatch}: {@code *} or an omitted zone or subzone in the rule match anything. */
  boolean matches(String rule) {
    String[] parts = rule.split("/", -1);
    String r = part(parts, 0);
    String z = part(parts, 1);
    String s = part(parts, 2);
    return (r.equals("*") || r.equals(region))
        && (z.isEmpty() || z.equals("*") || z.equals(zone))
        && (s.isEmpty() || s.equals("*") || s.equals(subzone));
  }

  /** Istio's {@code LbPriority}: 0 same subzone, 1 same zone, 2 same region, 3 elsewhere. */
  int priorityFrom(Locality client) {
    if (!client.region.equals(region)) {
      return 3;
    }
    if (!client.zone.equals(zone)) {
      return 2;
    }
    return client.subzone.equals(subzone) ? 0 : 1;
  }

  private static String part(String[] parts, int i) {
    return i < parts.length ? parts[i] : "";
  }
}

package io.meshlet.config.model;

import java.util.Map;

/**
 * A named set of a service's endpoints, typically one version, usable as a route destination. Its
 * traffic policy overrides the rule's policy section by section.
 *
 * @param name the subset name, required (DNS-1123 label)
 * @param labels endpoint labels that select the subset; empty selects every endpoint
 * @param trafficPolicy policy overrides for this subset
 */
public record Subset(String name, Map<String, String> labels, TrafficPolicy trafficPolicy) {
  public Subset {
    labels = Copies.map(labels);
  }
}

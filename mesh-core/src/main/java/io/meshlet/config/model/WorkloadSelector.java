package io.meshlet.config.model;

import java.util.Map;

/**
 * Selects workloads (pods, WorkloadEntries) in the object's own namespace by label, as used by
 * {@code ServiceEntry} and {@code Sidecar}.
 *
 * @param labels labels the workload must carry; wildcards are not allowed
 */
public record WorkloadSelector(Map<String, String> labels) {
  public WorkloadSelector {
    labels = Copies.map(labels);
  }
}

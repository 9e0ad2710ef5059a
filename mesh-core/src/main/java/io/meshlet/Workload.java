package io.meshlet;

import java.util.Map;
import java.util.Objects;

/**
 * This JVM's identity in the mesh: what Istio knows of a pod. Route match selectors
 * ({@code sourceLabels}, {@code sourceNamespace}), {@code exportTo} visibility, DestinationRule
 * {@code workloadSelector}s and the {@code source_*} metric labels are evaluated against it.
 *
 * @param name workload name, for example {@code productpage-v1}
 * @param namespace Kubernetes namespace; {@code default} when not given
 * @param labels pod labels, for example {@code app=productpage, version=v1}
 */
public record Workload(String name, String namespace, Map<String, String> labels) {

  /** A workload named {@code unknown} in namespace {@code default} with no labels. */
  public static final Workload UNKNOWN = new Workload("unknown", "default", Map.of());

  public Workload {
    name = name == null || name.isEmpty() ? "unknown" : name;
    namespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
    labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
  }

  /** The {@code app} label (Istio's canonical service fallback), or {@code unknown}. */
  public String app() {
    return labels.getOrDefault("app", labels.getOrDefault("app.kubernetes.io/name", "unknown"));
  }

  /** The {@code version} label, or {@code unknown}. */
  public String version() {
    return labels.getOrDefault("version", labels.getOrDefault("app.kubernetes.io/version", "unknown"));
  }
}

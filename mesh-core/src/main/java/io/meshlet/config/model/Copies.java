package io.meshlet.config.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive copies for record components: collections are never null and never mutable, so a
 * missing list and an empty one compare equal and a loaded snapshot cannot change under a reader.
 */
final class Copies {
  private Copies() {}

  /** An unmodifiable copy of {@code in} in the same order; empty when {@code in} is null. */
  static <T> List<T> list(List<T> in) {
    return in == null ? List.of() : List.copyOf(in);
  }

  /**
   * An unmodifiable copy of {@code in} that keeps insertion order (YAML order matters to diagnostics
   * and to Istio's own iteration); empty when {@code in} is null.
   */
  static <V> Map<String, V> map(Map<String, V> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(in));
  }
}

package io.meshlet.config.model;

import io.meshlet.internal.ArrayMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive copies for record components: collections are never null and never mutable, so a
 * missing list and an empty one compare equal and a loaded snapshot cannot change under a reader.
 * A collection that already is such a copy (the loader makes them) is kept as it is.
 */
final class Copies {
  private Copies() {}

  /** An unmodifiable copy of {@code in} in the same order; empty when {@code in} is null. */
  static <T> List<T> list(List<T> in) {
    return in == null ? List.of() : List.copyOf(in);
  }

  /**
   * An unmodifiable copy of {@code in} that keeps insertion order (YAML order matters to diagnostics
   * and to Istio's own iteration); empty when {@code in} is null. Small maps, nearly all of them,
   * are {@link ArrayMap}s; a copy already made here is returned as it is.
   */
  static <V> Map<String, V> map(Map<String, V> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    return ArrayMap.copyOf(in);
  }
}

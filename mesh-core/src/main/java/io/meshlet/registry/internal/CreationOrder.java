package io.meshlet.registry.internal;

import io.meshlet.config.Resource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * Istio settles conflicts between objects (two ServiceEntries for one host, several
 * DestinationRules) by creation time, oldest first. Objects read from files usually have no
 * {@code creationTimestamp}; for them, and for ties, load order stands in for creation order.
 */
public final class CreationOrder {
  private CreationOrder() {}

  /** Oldest first: by {@code metadata.creationTimestamp} when both have one, then by load order. */
  public static final Comparator<Resource<?>> OLDEST_FIRST = (a, b) -> {
    Instant ta = created(a);
    Instant tb = created(b);
    if (ta != null && tb != null && !ta.equals(tb)) {
      return ta.compareTo(tb);
    }
    return Long.compare(a.sequence(), b.sequence());
  };

  private static Instant created(Resource<?> r) {
    String ts = r.metadata().creationTimestamp();
    if (ts == null || ts.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(ts);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

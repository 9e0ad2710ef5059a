package io.meshlet.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares equal immutable values (strings, boxed numbers, durations, keys) among the objects built by
 * one load or one compile. A large mesh repeats the same few values hundreds of thousands of times
 * (host names, label values, header names, subset names); the YAML parser and string building
 * produce a new copy each time, and keeping one of each is most of the difference between a
 * configuration that fits in memory and one that does not. Not thread-safe: one per load or compile,
 * dropped when it ends.
 */
public final class Interner {
  private final Map<Object, Object> pool = new HashMap<>();

  /** The first value equal to {@code value} seen by this interner, or {@code value} itself; null stays null. */
  @SuppressWarnings("unchecked")
  public <T> T intern(T value) {
    if (value == null) {
      return null;
    }
    Object shared = pool.putIfAbsent(value, value);
    return shared == null ? value : (T) shared;
  }

  /** The first array with the same elements (by {@code equals}) seen by this interner, or {@code array} itself. */
  @SuppressWarnings("unchecked")
  public <T> T[] internArray(T[] array) {
    Object shared = pool.putIfAbsent(new ArrayKey(List.of(array)), array);
    return shared == null ? array : (T[]) shared;
  }

  /** An array's elements, as a key unlike any other value's. */
  private record ArrayKey(List<?> elements) {}
}

package io.meshlet.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shares equal immutable values (strings, boxed numbers, durations, keys, whole records) among the
 * objects built by one load or one compile. A large mesh repeats the same few values hundreds of thousands of times
 * (host names, label values, header names, subset names); the YAML parser and string building
 * produce a new copy each time, and keeping one of each is most of the difference between a
 * configuration that fits in memory and one that does not. Not thread-safe: one per load or compile,
 * dropped when it ends.
 */
public final class Interner {
  private final Map<Object, Object> pool = new HashMap<>();
  private final Map<Object, Object> composites = new HashMap<>();

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

  /**
   * The value made of {@code parts} (in this order) as {@code kind}, shared: made by {@code make} the
   * first time, the same object afterwards. Parts are compared by identity, so they must be shared
   * values themselves (interned, or made here); that keeps the lookup as cheap as hashing the parts'
   * references, however deep the value. A null from {@code make} is returned and not kept.
   */
  @SuppressWarnings("unchecked")
  public <T> T composite(Object kind, Object[] parts, Supplier<T> make) {
    Composite key = new Composite(kind, parts);
    Object shared = composites.get(key);
    if (shared != null) {
      return (T) shared;
    }
    T made = make.get();
    if (made != null) {
      composites.put(key, made);
    }
    return made;
  }

  /**
   * Forgets the composites made so far (interned values stay). A loader calls it between files:
   * composites repeat mostly within a file, and a table of one file's composites stays small enough
   * to be fast, where one of a whole large mesh's would spend its time in cache misses.
   */
  public void forgetComposites() {
    composites.clear();
  }

  /** An array's elements, as a key unlike any other value's. */
  private record ArrayKey(List<?> elements) {}

  /** A composite's kind and parts, equal to another only for the same kind and the very same parts. */
  private static final class Composite {
    private final Object kind;
    private final Object[] parts;
    private final int hash;

    Composite(Object kind, Object[] parts) {
      this.kind = kind;
      this.parts = parts;
      int h = kind.hashCode();
      for (Object p : parts) {
        h = h * 31 + System.identityHashCode(p);
      }
      this.hash = h;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Composite c) || c.hash != hash || !c.kind.equals(kind) || c.parts.length != parts.length) {
        return false;
      }
      for (int i = 0; i < parts.length; i++) {
        if (c.parts[i] != parts[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}

package io.meshlet.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map of a few string keys in insertion order, its keys and values in one array and
 * found by a linear scan. Model maps (labels, ports, header matches) hold one to a handful of
 * entries and a loaded mesh holds hundreds of thousands of them: an unmodifiable
 * {@code LinkedHashMap} costs about 250 bytes for one entry, this about 50.
 *
 * @param <V> the value type; null values are kept as given
 */
public final class ArrayMap<V> extends AbstractMap<String, V> {
  /** Beyond this many entries a linear scan is no longer the cheapest lookup. */
  public static final int MAX_ENTRIES = 16;

  /** Key 0, value 0, key 1, value 1, ... */
  private final Object[] entries;

  private ArrayMap(Object[] entries) {
    this.entries = entries;
  }

  /**
   * An unmodifiable copy of {@code in} in its iteration order: an {@code ArrayMap} for up to
   * {@link #MAX_ENTRIES} entries (returned as it is when it already is one), an unmodifiable
   * {@code LinkedHashMap} beyond. Keys must not be null.
   */
  public static <V> Map<String, V> copyOf(Map<String, V> in) {
    if (in instanceof ArrayMap<V>) {
      return in;
    }
    if (in.size() > MAX_ENTRIES) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(in));
    }
    Object[] entries = new Object[in.size() * 2];
    int i = 0;
    for (Map.Entry<String, V> e : in.entrySet()) {
      entries[i++] = Objects.requireNonNull(e.getKey(), "map key");
      entries[i++] = e.getValue();
    }
    return new ArrayMap<>(entries);
  }

  private int indexOf(Object key) {
    if (key != null) {
      for (int i = 0; i < entries.length; i += 2) {
        if (key.equals(entries[i])) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return entries.length / 2;
  }

  @Override
  public boolean isEmpty() {
    return entries.length == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : (V) entries[i + 1];
  }

  @Override
  @SuppressWarnings("unchecked")
  public void forEach(BiConsumer<? super String, ? super V> action) {
    for (int i = 0; i < entries.length; i += 2) {
      action.accept((String) entries[i], (V) entries[i + 1]);
    }
  }

  @Override
  public Set<Map.Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return entries.length / 2;
      }

      @Override
      public Iterator<Map.Entry<String, V>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < entries.length;
          }

          @Override
          @SuppressWarnings("unchecked")
          public Map.Entry<String, V> next() {
            if (next >= entries.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, V> e = new SimpleImmutableEntry<>((String) entries[next], (V) entries[next + 1]);
            next += 2;
            return e;
          }
        };
      }
    };
  }
}

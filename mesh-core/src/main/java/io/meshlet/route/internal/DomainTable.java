package io.meshlet.route.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Envoy's virtual-host selection for one route table: an exact domain first, then the longest
 * {@code *.suffix} wildcard, then {@code *}. Domains are case-insensitive. Lookups take a region of a
 * string (the authority without its port) so that a request never builds a new string to find its host.
 *
 * @param <V> what a domain leads to
 */
final class DomainTable<V> {
  private final String[] keys;
  private final Object[] values;
  private final int mask;
  private final String[] suffixKeys;
  private final Object[] suffixValues;
  private final int suffixMask;
  /** Distinct wildcard suffix lengths, longest first. */
  private final int[] suffixLengths;
  private final V star;

  private DomainTable(Map<String, V> exact, Map<String, V> suffixes, V star) {
    int size = tableSize(exact.size());
    this.keys = new String[size];
    this.values = new Object[size];
    this.mask = size - 1;
    exact.forEach((k, v) -> insert(keys, values, mask, k, v));
    int ssize = tableSize(suffixes.size());
    this.suffixKeys = new String[ssize];
    this.suffixValues = new Object[ssize];
    this.suffixMask = ssize - 1;
    TreeSet<Integer> lengths = new TreeSet<>(java.util.Comparator.reverseOrder());
    suffixes.forEach((k, v) -> {
      insert(suffixKeys, suffixValues, suffixMask, k, v);
      lengths.add(k.length());
    });
    this.suffixLengths = lengths.stream().mapToInt(Integer::intValue).toArray();
    this.star = star;
  }

  private static int tableSize(int entries) {
    int size = 2;
    while (size < entries * 2) {
      size <<= 1;
    }
    return size;
  }

  private static void insert(String[] keys, Object[] values, int mask, String key, Object value) {
    int i = hash(key, 0, key.length()) & mask;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
  }

  private static int hash(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      h = 31 * h + c;
    }
    return h ^ (h >>> 16);
  }

  @SuppressWarnings("unchecked")
  private static <V> V get(String[] keys, Object[] values, int mask, String s, int from, int to) {
    int len = to - from;
    int i = hash(s, from, to) & mask;
    String k;
    while ((k = keys[i]) != null) {
      if (k.length() == len && k.regionMatches(true, 0, s, from, len)) {
        return (V) values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** The value for the host in {@code s[from, to)}, or null when no domain matches. */
  V find(String s, int from, int to) {
    V v = get(keys, values, mask, s, from, to);
    if (v != null) {
      return v;
    }
    int len = to - from;
    for (int suffix : suffixLengths) {
      // Envoy's wildcard must cover at least one character: *.foo.com does not match .foo.com.
      if (suffix < len) {
        v = get(suffixKeys, suffixValues, suffixMask, s, to - suffix, to);
        if (v != null) {
          return v;
        }
      }
    }
    return star;
  }

  /** The domain that {@link #find} would match, for explanations; null when none. */
  String matchedDomain(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (get(keys, values, mask, h, 0, h.length()) != null) {
      return h;
    }
    for (int suffix : suffixLengths) {
      if (suffix < h.length() && get(suffixKeys, suffixValues, suffixMask, h, h.length() - suffix, h.length()) != null) {
        return "*" + h.substring(h.length() - suffix);
      }
    }
    return star != null ? "*" : null;
  }

  /** Collects domains; the first value given a domain keeps it, as Istio's duplicate-domain check does. */
  static final class Builder<V> {
    private final Map<String, V> exact = new LinkedHashMap<>();
    private final Map<String, V> suffixes = new LinkedHashMap<>();
    private V star;

    boolean contains(String domain) {
      String d = domain.toLowerCase(Locale.ROOT);
      if (d.equals("*")) {
        return star != null;
      }
      return d.startsWith("*") ? suffixes.containsKey(d.substring(1)) : exact.containsKey(d);
    }

    /** Adds a domain; false when it is already taken. */
    boolean put(String domain, V value) {
      if (contains(domain)) {
        return false;
      }
      String d = domain.toLowerCase(Locale.ROOT);
      if (d.equals("*")) {
        star = value;
      } else if (d.startsWith("*")) {
        suffixes.put(d.substring(1), value);
      } else {
        exact.put(d, value);
      }
      return true;
    }

    DomainTable<V> build() {
      return new DomainTable<>(exact, suffixes, star);
    }
  }
}

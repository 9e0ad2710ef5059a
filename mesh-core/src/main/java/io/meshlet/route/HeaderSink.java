package io.meshlet.route;

/**
 * A mutable set of HTTP headers that {@link HeaderMutation#applyTo} edits: an HTTP library's request
 * or response builder, adapted in a few lines.
 */
public interface HeaderSink {
  /** Replaces every value of {@code name} with {@code value} (adds it when absent). */
  void set(String name, String value);

  /** Appends one more value of {@code name}. */
  void add(String name, String value);

  /** Removes every value of {@code name}. */
  void remove(String name);

}

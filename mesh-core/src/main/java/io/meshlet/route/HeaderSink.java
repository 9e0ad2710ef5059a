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

  /**
   * {@link #set}, or {@link #add} when the caller knows {@code name} is {@code absent}: the same
   * result without searching the existing headers.
   */
  default void set(String name, String value, boolean absent) {
    if (absent) {
      add(name, value);
    } else {
      set(name, value);
    }
  }
}

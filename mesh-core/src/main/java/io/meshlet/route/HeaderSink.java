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

  /** A sink from three operations, e.g. {@code HeaderSink.of(builder::header, builder::addHeader, builder::removeHeader)}. */
  static HeaderSink of(java.util.function.BiConsumer<String, String> set, java.util.function.BiConsumer<String, String> add,
      java.util.function.Consumer<String> remove) {
    return new HeaderSink() {
      @Override
      public void set(String name, String value) {
        set.accept(name, value);
      }

      @Override
      public void add(String name, String value) {
        add.accept(name, value);
      }

      @Override
      public void remove(String name) {
        remove.accept(name);
      }
    };
  }
}

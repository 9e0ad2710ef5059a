package io.meshlet;

/**
 * A monotonic clock in nanoseconds. Outlier-detection ejection times, slow-start windows, DNS
 * refresh and retry-budget windows read it, so tests can drive time with a fake ticker instead of
 * sleeping.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
  long nanos();

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}

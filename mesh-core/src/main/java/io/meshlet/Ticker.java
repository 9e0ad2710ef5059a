package io.meshlet;

/**
 * A monotonic clock in nanoseconds. Outlier-detection ejection times, slow-start windows, DNS
 * refresh, retry-budget windows and the upstream service time ({@code x-envoy-upstream-service-time})
 * read it, so tests can drive time with a fake ticker instead of sleeping. Route and per-try timeouts
 * keep real time.
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

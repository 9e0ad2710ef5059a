package io.meshlet.resilience.internal;

import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits out a fault delay or a retry back-off on the calling thread, which the caller's HTTP client
 * has already dedicated to this call, so no timer thread is needed; cancellation is noticed within
 * {@link #POLL_NANOS}.
 */
public final class Waits {
  /** How often a wait checks whether the call was cancelled. */
  static final long POLL_NANOS = 5_000_000L;

  private Waits() {}

  /**
   * Parks for {@code nanos} unless the call is cancelled first.
   *
   * @return true when the full time passed, false when {@code cancelled} became true
   * @throws InterruptedIOException when the thread is interrupted
   */
  public static boolean sleep(long nanos, BooleanSupplier cancelled) throws InterruptedIOException {
    long deadline = System.nanoTime() + nanos;
    while (true) {
      if (cancelled.getAsBoolean()) {
        return false;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      LockSupport.parkNanos(Math.min(left, POLL_NANOS));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting");
      }
    }
  }
}

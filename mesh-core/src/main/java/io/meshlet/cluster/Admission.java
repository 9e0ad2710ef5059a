package io.meshlet.cluster;

/**
 * The outcome of {@link Cluster#admit}: either the request holds a connection slot and an
 * active-request slot, released by {@link #close()}, or it overflowed a circuit breaker.
 */
public interface Admission extends AutoCloseable {

  /** True when the request may proceed; false means 503 {@code UO} unless {@link #timedOut()}. */
  boolean admitted();

  /**
   * True when the request waited in the pending queue until its deadline without getting a
   * connection slot: the caller answers as for its own timeout (504 {@code UT}), not as an overflow.
   */
  boolean timedOut();

  /** Releases the slots; idempotent, and a no-op for a request that was not admitted. */
  @Override
  void close();
}

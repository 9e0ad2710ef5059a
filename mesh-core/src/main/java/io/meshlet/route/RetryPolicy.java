package io.meshlet.route;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * How a route retries, compiled from an Istio {@code HTTPRetry} (or Istio's default policy when a
 * route has none).
 *
 * @param attempts number of retries: a request is tried up to {@code 1 + attempts} times; 0 = none
 * @param perTryTimeout bound on every try, the first included; null for none
 * @param retryOn the conditions that allow a retry
 * @param retriableStatusCodes statuses retried under {@link RetryOn#RETRIABLE_STATUS_CODES}
 * @param retryRemoteLocalities whether retries may go to other localities (Envoy's previous_priorities)
 * @param retryIgnorePreviousHosts whether retries avoid endpoints already tried (Envoy's previous_hosts)
 * @param backoffBase base interval of the fully jittered exponential back-off
 * @param backoffMax cap of the back-off interval, 10× the base as in Envoy
 */
public record RetryPolicy(
    int attempts,
    Duration perTryTimeout,
    Set<RetryOn> retryOn,
    Set<Integer> retriableStatusCodes,
    boolean retryRemoteLocalities,
    boolean retryIgnorePreviousHosts,
    Duration backoffBase,
    Duration backoffMax) {

  /** Envoy's default base back-off interval, which Istio keeps. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(25);

  // Istio 1.24+ default conditions: 503 is no longer among the retriable codes (istio/istio#52111).
  private static final RetryPolicy ISTIO_DEFAULT = new RetryPolicy(2, null,
      EnumSet.of(RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM, RetryOn.UNAVAILABLE, RetryOn.CANCELLED,
          RetryOn.RETRIABLE_STATUS_CODES),
      Set.of(), false, true, DEFAULT_BACKOFF, DEFAULT_BACKOFF.multipliedBy(10));

  private static final RetryPolicy NONE = new RetryPolicy(0, null, Set.of(), Set.of(), false, true,
      DEFAULT_BACKOFF, DEFAULT_BACKOFF.multipliedBy(10));

  public RetryPolicy {
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
    }
    retryOn = retryOn.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(retryOn));
    retriableStatusCodes = Set.copyOf(retriableStatusCodes);
    backoffBase = Objects.requireNonNullElse(backoffBase, DEFAULT_BACKOFF);
    backoffMax = Objects.requireNonNullElse(backoffMax, backoffBase.multipliedBy(10));
  }

  /**
   * Istio's policy for a route without {@code retries}: 2 retries on connect-failure,
   * refused-stream, unavailable, cancelled and retriable-status-codes, with no retriable status code.
   * Istio before 1.24 also retried 503; that was removed as unsafe for non-idempotent requests.
   */
  public static RetryPolicy istioDefault() {
    return ISTIO_DEFAULT;
  }

  /** No retries, as {@code retries: {attempts: 0}} asks. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** True when the route retries at all. */
  public boolean enabled() {
    return attempts > 0;
  }

  /** The {@code retryOn} text Envoy would see, for example {@code connect-failure,503}. */
  public String retryOnText() {
    StringJoiner out = new StringJoiner(",");
    for (RetryOn r : retryOn) {
      out.add(r.token());
    }
    retriableStatusCodes.stream().sorted().forEach(code -> out.add(String.valueOf(code)));
    return out.toString();
  }
}

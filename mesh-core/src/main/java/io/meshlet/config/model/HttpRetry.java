package io.meshlet.config.model;

import java.time.Duration;

/**
 * The retry policy of an HTTP route. A route without one uses the mesh default policy (2 retries on
 * connect-failure, refused-stream, unavailable, cancelled and retriable-status-codes).
 *
 * @param attempts number of retries, so a request is tried up to {@code 1 + attempts} times; 0
 *     disables retries
 * @param perTryTimeout timeout of every try, the first included
 * @param retryOn comma-separated retry conditions (Envoy {@code x-envoy-retry-on} and
 *     {@code x-envoy-retry-grpc-on} names, or HTTP status codes); absent means the mesh default
 * @param retryRemoteLocalities whether retries may go to other localities
 * @param retryIgnorePreviousHosts whether retries avoid hosts already tried; absent means true
 * @param backoff base interval of the jittered exponential backoff; absent means 25ms
 */
public record HttpRetry(
    Integer attempts,
    Duration perTryTimeout,
    String retryOn,
    Boolean retryRemoteLocalities,
    Boolean retryIgnorePreviousHosts,
    Duration backoff) {

  /** Envoy's base backoff interval, which Istio keeps. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(25);

  /** Whether retries avoid previously tried hosts; default true. */
  public boolean retryIgnorePreviousHostsOrDefault() {
    return retryIgnorePreviousHosts == null || retryIgnorePreviousHosts;
  }

  /** Whether retries may go to other localities; default false. */
  public boolean retryRemoteLocalitiesOrDefault() {
    return Boolean.TRUE.equals(retryRemoteLocalities);
  }

  /** The base backoff interval; default 25ms. */
  public Duration backoffOrDefault() {
    return backoff == null ? DEFAULT_BACKOFF : backoff;
  }
}

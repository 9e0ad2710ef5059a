package io.meshlet.cluster;

/**
 * Failures that happen on the client side of the connection, which outlier detection counts as
 * local-origin errors: separately when {@code splitExternalLocalOriginErrors} is set, otherwise as
 * gateway errors (503 for connect failures and resets, 504 for timeouts), as Envoy maps them.
 */
public enum LocalOriginFailure {
  /** The connection could not be established (refused, unreachable, connect timeout). */
  CONNECT_FAILED,
  /** The upstream did not answer in time. */
  TIMEOUT,
  /** The connection or stream was reset before a response. */
  RESET
}

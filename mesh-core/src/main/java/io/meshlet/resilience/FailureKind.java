package io.meshlet.resilience;

import io.meshlet.ResponseFlag;
import io.meshlet.cluster.LocalOriginFailure;

/**
 * Why an attempt got no response headers, in Envoy's terms. Decides whether {@code retryOn} allows
 * a retry, which response flag the caller sees, and what outlier detection counts.
 */
public enum FailureKind {
  /** The connection could not be established: refused, unreachable, connect timeout. */
  CONNECT_FAILURE(LocalOriginFailure.CONNECT_FAILED, ResponseFlag.UPSTREAM_CONNECTION_FAILURE, 503),
  /** The upstream host name did not resolve. */
  DNS_FAILURE(LocalOriginFailure.CONNECT_FAILED, ResponseFlag.DNS_RESOLUTION_FAILURE, 503),
  /** The attempt's time ran out before response headers. */
  TIMEOUT(LocalOriginFailure.TIMEOUT, ResponseFlag.UPSTREAM_REQUEST_TIMEOUT, 504),
  /** The connection was reset before the request was sent upstream. */
  RESET_BEFORE_REQUEST(LocalOriginFailure.RESET, ResponseFlag.UPSTREAM_CONNECTION_TERMINATION, 503),
  /** The connection was closed or reset before response headers. */
  RESET(LocalOriginFailure.RESET, ResponseFlag.UPSTREAM_CONNECTION_TERMINATION, 503),
  /** An HTTP/2 stream was refused by the upstream (REFUSED_STREAM). */
  REFUSED_STREAM(LocalOriginFailure.RESET, ResponseFlag.UPSTREAM_REMOTE_RESET, 503);

  private final LocalOriginFailure localOrigin;
  private final ResponseFlag flag;
  private final int status;

  FailureKind(LocalOriginFailure localOrigin, ResponseFlag flag, int status) {
    this.localOrigin = localOrigin;
    this.flag = flag;
    this.status = status;
  }

  /** What outlier detection counts for it. */
  public LocalOriginFailure localOrigin() {
    return localOrigin;
  }

  /** The response flag of the local reply when this is the final outcome. */
  public ResponseFlag flag() {
    return flag;
  }

  /** The status of the local reply: 504 for timeouts, 503 otherwise. */
  public int status() {
    return status;
  }
}

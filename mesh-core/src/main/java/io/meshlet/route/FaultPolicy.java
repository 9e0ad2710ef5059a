package io.meshlet.route;

import java.time.Duration;

/**
 * Client-side fault injection of a route (Istio {@code fault}). The delay is decided and waited out
 * first, then the abort; each fires on its own share of requests. A share Istio's YAML leaves out is
 * 0%: that fault never fires.
 *
 * @param delay the fixed delay, or null for none
 * @param delayPercent share of requests delayed, 0–100
 * @param abortHttpStatus the HTTP status an abort answers with, or null
 * @param abortGrpcStatus the gRPC status name an abort answers with (for example {@code UNAVAILABLE}), or null
 * @param abortPercent share of requests aborted, 0–100
 */
public record FaultPolicy(
    Duration delay, double delayPercent, Integer abortHttpStatus, String abortGrpcStatus, double abortPercent) {

  /** True when a delay is configured (it may still fire on 0% of requests). */
  public boolean hasDelay() {
    return delay != null;
  }

  /** True when an abort is configured (it may still fire on 0% of requests). */
  public boolean hasAbort() {
    return abortHttpStatus != null || abortGrpcStatus != null;
  }
}

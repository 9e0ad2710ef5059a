package io.meshlet.cluster;

/**
 * One request in flight to one endpoint, from {@link Cluster#begin}. Ending it releases the
 * endpoint's active-request count and feeds outlier detection. Only the first of {@link #end},
 * {@link #fail} and {@link #cancel} counts.
 */
public interface UpstreamCall {

  /** The endpoint the request went to. */
  UpstreamEndpoint endpoint();

  /**
   * Mesh {@link io.meshlet.Ticker} nanoseconds from the start of the call to its {@link #end} or
   * {@link #fail}: the time Envoy reports as {@code x-envoy-upstream-service-time}. 0 before then
   * and after a {@link #cancel}.
   */
  long elapsedNanos();

  /** The upstream answered with response headers of this status. */
  void end(int status);

  /** The request failed before the upstream answered (a local-origin failure, in Envoy's terms). */
  void fail(LocalOriginFailure failure);

  /**
   * The caller abandoned the request before the upstream answered: releases the endpoint's active
   * count without an outlier-detection result, as Envoy does not hold a downstream reset against the host.
   */
  void cancel();
}

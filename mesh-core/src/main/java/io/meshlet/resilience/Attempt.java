package io.meshlet.resilience;

import io.meshlet.MeshRequest;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.resilience.internal.Decimal;
import io.meshlet.route.HeaderSink;
import io.meshlet.route.RouteDecision;
import io.meshlet.telemetry.TraceHeaders;

/**
 * One try of a request, as the {@link Invoker} hands it to the {@link Transport}: where to send it,
 * how to rewrite it, and how long it may take.
 */
public final class Attempt {
  private final MeshRequest request;
  private final RouteDecision decision;
  private final Cluster cluster;
  private final UpstreamEndpoint endpoint;
  private final int number;
  private final long timeoutNanos;
  private final String generatedRequestId;
  private final boolean mirror;

  Attempt(MeshRequest request, RouteDecision decision, Cluster cluster, UpstreamEndpoint endpoint, int number,
      long timeoutNanos, String generatedRequestId, boolean mirror) {
    this.request = request;
    this.decision = decision;
    this.cluster = cluster;
    this.endpoint = endpoint;
    this.number = number;
    this.timeoutNanos = timeoutNanos;
    this.generatedRequestId = generatedRequestId;
    this.mirror = mirror;
  }

  /** The caller's request, before rewrites. */
  public MeshRequest request() {
    return request;
  }

  /** The routing decision. */
  public RouteDecision decision() {
    return decision;
  }

  /** The destination cluster, for its TLS and connection settings; null for passthrough. */
  public Cluster cluster() {
    return cluster;
  }

  /** Where to connect; null for passthrough (send to the request's own address, untouched). */
  public UpstreamEndpoint endpoint() {
    return endpoint;
  }

  /** True for passthrough: send the caller's request as it is. */
  public boolean passthrough() {
    return endpoint == null;
  }

  /** 1 for the first try; sent upstream as {@code x-envoy-attempt-count}. */
  public int number() {
    return number;
  }

  /** Time this try may take until response headers; 0 for no limit. */
  public long timeoutNanos() {
    return timeoutNanos;
  }

  /** True for a mirrored (shadow) copy. */
  public boolean mirror() {
    return mirror;
  }

  /** The path to send: rewritten by the route, with the original query string. */
  public String pathAndQuery() {
    String path = endpoint == null ? request.path() : decision.path();
    return request.query() == null ? path : path + "?" + request.query();
  }

  /** The {@code Host}/{@code :authority} to send: the caller's, or the route's rewrite. */
  public String authority() {
    return endpoint == null ? request.authority() : decision.authority();
  }

  /** True when the route rewrites the authority, so {@link #authority()} is not the caller's. */
  public boolean authorityRewritten() {
    return endpoint != null && decision.authorityRewritten();
  }

  /**
   * Applies the headers the mesh sends upstream, in Envoy's order: the route's header operations,
   * then {@code x-request-id} when the caller sent none, {@code x-envoy-attempt-count}, and for a
   * mirror the trace context marked not sampled.
   */
  public void applyHeaders(HeaderSink sink) {
    // Without route operations, a header the caller did not send is known to be absent.
    boolean untouched = endpoint == null || decision.requestHeaders().isEmpty();
    if (endpoint != null) {
      decision.requestHeaders().applyTo(sink);
      sink.set("x-envoy-attempt-count", Decimal.of(number),
          untouched && request.header("x-envoy-attempt-count") == null);
    }
    if (generatedRequestId != null) { // generated because the caller sent none
      sink.set("x-request-id", generatedRequestId, untouched);
    }
    if (mirror) {
      String traceparent = request.header("traceparent");
      if (traceparent != null) {
        sink.set("traceparent", TraceHeaders.unsampledTraceparent(traceparent));
      }
      if (request.header("x-b3-sampled") != null) {
        sink.set("x-b3-sampled", "0");
      }
      String b3 = request.header("b3");
      if (b3 != null) {
        sink.set("b3", TraceHeaders.unsampledB3(b3));
      }
    }
  }

  @Override
  public String toString() {
    return "attempt " + number + " of " + request + (endpoint == null ? " (passthrough)" : " to " + endpoint.authority());
  }
}

package io.meshlet.resilience;

import io.meshlet.ResponseFlag;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.resilience.internal.Decimal;
import io.meshlet.route.HeaderMutation;
import io.meshlet.route.HeaderSink;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The result of {@link Invoker#execute}: either the upstream's response or a local reply the mesh
 * made (404 no route, 503 no healthy upstream, 504 timeout, a fault abort, a redirect, a direct
 * response), with the response flags and the response header operations to apply.
 *
 * <p>The adapter turns it into its library's response and calls {@link #complete} once the
 * response body is consumed or closed: that releases the circuit-breaker slots and records the
 * request's metrics and access-log line.
 */
public final class Exchange {
  private final UpstreamResponse upstream;
  private final int status;
  private final Set<ResponseFlag> flags;
  private final byte[] localBody;
  private final Map<String, String> localHeaders;
  private final HeaderMutation responseHeaders;
  private final String setCookie;
  private final long upstreamServiceTimeMillis;
  private final UpstreamEndpoint endpoint;
  private final int attempts;
  private final Completion completion;

  /** Called once by {@link #complete}: releases slots and records telemetry. */
  interface Completion {
    void complete(Exchange exchange, long requestBytes, long responseBytes);
  }

  Exchange(UpstreamResponse upstream, int status, Set<ResponseFlag> flags, byte[] localBody,
      Map<String, String> localHeaders, HeaderMutation responseHeaders, String setCookie,
      long upstreamServiceTimeMillis, UpstreamEndpoint endpoint, int attempts, Completion completion) {
    this.upstream = upstream;
    this.status = status;
    this.flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    this.localBody = localBody;
    this.localHeaders = localHeaders == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(localHeaders));
    this.responseHeaders = responseHeaders == null ? HeaderMutation.NONE : responseHeaders;
    this.setCookie = setCookie;
    this.upstreamServiceTimeMillis = upstreamServiceTimeMillis;
    this.endpoint = endpoint;
    this.attempts = attempts;
    this.completion = completion;
  }

  /** The upstream response to return, or null when the mesh answered locally. */
  public UpstreamResponse upstream() {
    return upstream;
  }

  /** True when the mesh answered without (a usable) upstream response. */
  public boolean isLocal() {
    return upstream == null;
  }

  /** The status the caller sees. */
  public int status() {
    return status;
  }

  /** Envoy's response flags for this request. */
  public Set<ResponseFlag> flags() {
    return flags;
  }

  /** The local reply's body (empty for none); null for upstream responses. */
  public byte[] localBody() {
    return localBody;
  }

  /** Headers of a local reply ({@code location}, {@code content-type}, {@code x-envoy-overloaded}, ...). */
  public Map<String, String> localHeaders() {
    return localHeaders;
  }

  /** The last endpoint tried, or null. */
  public UpstreamEndpoint endpoint() {
    return endpoint;
  }

  /** How many tries were sent upstream. */
  public int attempts() {
    return attempts;
  }

  /**
   * Applies to the response what the mesh adds: the route's response header operations, a
   * consistent-hash {@code Set-Cookie}, and {@code x-envoy-upstream-service-time}.
   */
  public void applyResponseHeaders(HeaderSink sink) {
    responseHeaders.applyTo(sink);
    if (setCookie != null) {
      sink.add("set-cookie", setCookie);
    }
    if (upstream != null && upstreamServiceTimeMillis >= 0) {
      sink.set("x-envoy-upstream-service-time", Decimal.of(upstreamServiceTimeMillis),
          responseHeaders.isEmpty() && upstream.header("x-envoy-upstream-service-time") == null);
    }
  }

  long upstreamServiceTimeMillis() {
    return upstreamServiceTimeMillis;
  }

  /**
   * Marks the response finished (its body consumed or closed): releases the request's circuit-breaker
   * slots and records its metrics and access-log line. Idempotent.
   *
   * @param requestBytes request body bytes sent upstream
   * @param responseBytes response body bytes delivered to the caller
   */
  public void complete(long requestBytes, long responseBytes) {
    completion.complete(this, requestBytes, responseBytes);
  }

  @Override
  public String toString() {
    return "Exchange{" + status + " " + ResponseFlag.format(flags) + (upstream == null ? " local" : "") + "}";
  }
}

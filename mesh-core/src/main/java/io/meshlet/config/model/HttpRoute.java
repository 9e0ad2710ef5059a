package io.meshlet.config.model;

import java.time.Duration;
import java.util.List;

/**
 * Match conditions and actions for HTTP/1.1, HTTP/2 and gRPC traffic. The blocks in {@code match}
 * are ORed (conditions inside one block are ANDed); no blocks means the route matches everything.
 * Exactly one action is set: {@code route}, {@code redirect}, {@code directResponse} or
 * {@code delegate}.
 *
 * @param name route name; the access log shows {@code route.name + "." + match.name}
 * @param match ORed match blocks; empty means catch-all
 * @param route weighted destinations to forward to
 * @param redirect answer with a redirect instead of forwarding
 * @param directResponse answer with a fixed response instead of forwarding
 * @param delegate hand the route over to another VirtualService (one level only)
 * @param rewrite rewrite the path or authority before forwarding; not allowed with redirect
 * @param timeout timeout for the whole request including retries; absent means disabled
 * @param retries retry policy; absent means the mesh default policy
 * @param fault client-side fault injection
 * @param mirror a destination to shadow traffic to, fire-and-forget; exclusive with {@code mirrors}
 * @param mirrorPercent deprecated integer share for {@code mirror}; copied into
 *     {@code mirrorPercentage} when that is absent
 * @param mirrorPercentage share of traffic sent to {@code mirror}; absent means 100%, explicit 0
 *     means none
 * @param mirrors several mirror destinations, each with its own share
 * @param corsPolicy CORS policy
 * @param headers header operations for every destination of this route
 */
// javac 17 reports @Deprecated on a record component as having no effect on the constructor
// parameter it propagates to; the annotation is meant for the component and its accessor.
@SuppressWarnings("deprecation")
public record HttpRoute(
    String name,
    List<HttpMatchRequest> match,
    List<HttpRouteDestination> route,
    HttpRedirect redirect,
    HttpDirectResponse directResponse,
    Delegate delegate,
    HttpRewrite rewrite,
    Duration timeout,
    HttpRetry retries,
    HttpFaultInjection fault,
    Destination mirror,
    @Deprecated Integer mirrorPercent,
    Percent mirrorPercentage,
    List<HttpMirrorPolicy> mirrors,
    CorsPolicy corsPolicy,
    Headers headers) {

  private static final Percent ALL = Percent.of(100);

  public HttpRoute {
    match = Copies.list(match);
    route = Copies.list(route);
    mirrors = Copies.list(mirrors);
    // Istio reads the integer field only when the double one is absent; both are kept so that a
    // serialised record reads back equal.
    if (mirrorPercentage == null && mirrorPercent != null) {
      mirrorPercentage = Percent.of(mirrorPercent);
    }
  }

  /** The route timeout; default {@link Duration#ZERO}, meaning disabled. */
  public Duration timeoutOrDefault() {
    return timeout == null ? Duration.ZERO : timeout;
  }

  /** The share of traffic sent to {@code mirror}; default 100% when {@code mirrorPercentage} is absent. */
  public Percent mirrorPercentageOrDefault() {
    return mirrorPercentage == null ? ALL : mirrorPercentage;
  }
}

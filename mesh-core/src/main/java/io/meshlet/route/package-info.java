/**
 * Routing: what Istio's sidecar decides for an outbound request. {@link io.meshlet.route.RouteDecision}
 * is the decision (forward, redirect, direct response, no route, passthrough, blocked) with everything
 * the invoker applies; {@link io.meshlet.route.Explanation} is the same decision with its reasons. The
 * compiler and the compiled route tables live in {@code io.meshlet.route.internal}.
 */
package io.meshlet.route;

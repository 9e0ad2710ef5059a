package io.meshlet.route.internal;

import io.meshlet.route.Explanation;
import io.meshlet.route.RouteDecision;
import java.util.List;

/**
 * Envoy's virtual host for one host on one port: the routes of the VirtualService that owns the host,
 * Istio's default route, or a plain forward for a non-HTTP port.
 *
 * @param name {@code host:port}
 * @param serviceHost the addressed host, fully qualified, for telemetry
 * @param virtualService the owning VirtualService, {@code namespace/name}, or null
 * @param resolution how a request for this host resolves
 * @param entries the compiled routes, one per match block, in evaluation order
 * @param routes the VirtualService's routes as compiled for this port, for explanations
 * @param noRoute the decision when no entry matches
 * @param notes compile-time remarks about this host, for explanations
 */
record VirtualHost(
    String name,
    String serviceHost,
    String virtualService,
    Explanation.Resolution resolution,
    RouteEntry[] entries,
    List<CompiledRoute> routes,
    RouteDecision.Template noRoute,
    List<String> notes) {}

package io.meshlet.route.internal;

import io.meshlet.config.model.HttpRoute;

/**
 * An HTTP route ready to compile: short host names already resolved against the namespace of the
 * VirtualService that wrote them, and delegate routes merged with their root route.
 *
 * @param route the route
 * @param index the index of the (root) route in the VirtualService's {@code http} list
 * @param path the field path of the route in its own document, for diagnostics
 * @param origin for a merged delegate route, {@code delegate ns/name http[j]}; null otherwise
 * @param source the document the route comes from, for diagnostics
 * @param line the document's first line, for diagnostics
 */
record PreparedRoute(HttpRoute route, int index, String path, String origin, String source, int line) {}

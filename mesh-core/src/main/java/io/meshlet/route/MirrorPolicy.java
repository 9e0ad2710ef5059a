package io.meshlet.route;

import io.meshlet.cluster.ClusterKey;

/**
 * A shadow copy of the request, sent fire-and-forget; its response is ignored.
 *
 * @param cluster where the copy goes
 * @param percent share of requests mirrored, 0–100 ({@code mirror} without a percentage is 100)
 */
public record MirrorPolicy(ClusterKey cluster, double percent) {}

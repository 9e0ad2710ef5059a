package io.meshlet.route;

import io.meshlet.cluster.ClusterKey;

/**
 * One candidate destination of a route and its relative weight. A single destination carries all
 * traffic; it is listed with weight 100.
 *
 * @param cluster the destination cluster
 * @param weight relative weight among the route's candidates
 */
public record WeightedCluster(ClusterKey cluster, int weight) {}

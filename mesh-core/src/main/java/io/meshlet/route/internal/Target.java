package io.meshlet.route.internal;

import io.meshlet.cluster.ClusterKey;
import io.meshlet.route.RouteDecision;

/** One weighted destination of a route, with the decision template every request sent there shares. */
final class Target {
  final ClusterKey cluster;
  final int weight;
  /** Sum of the weights up to and including this one. */
  final int cumulative;
  final RouteDecision.Template template;

  Target(ClusterKey cluster, int weight, int cumulative, RouteDecision.Template template) {
    this.cluster = cluster;
    this.weight = weight;
    this.cumulative = cumulative;
    this.template = template;
  }
}

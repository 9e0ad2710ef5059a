package io.meshlet.route.internal;

import io.meshlet.MeshRequest;
import io.meshlet.route.Explanation.ConditionFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * One Envoy route: a route's match block (Istio expands each block of {@code match} into its own
 * route, in order) with the route's shared action.
 */
final class RouteEntry {
  final CompiledRoute route;
  final int blockIndex;
  final String blockName;
  final String routeName;
  final Condition[] conditions;
  /** Characters of the path the match consumed, for {@code rewrite.uri}; -1 for the whole path. */
  final int matchedPrefixLength;

  /** @param conditions shared with other entries of the same conditions; do not modify */
  RouteEntry(CompiledRoute route, int blockIndex, String blockName, String routeName, Condition[] conditions,
      int matchedPrefixLength) {
    this.route = route;
    this.blockIndex = blockIndex;
    this.blockName = blockName;
    this.routeName = routeName;
    this.conditions = conditions;
    this.matchedPrefixLength = matchedPrefixLength;
  }

  boolean matches(MeshRequest request, String path) {
    for (Condition c : conditions) {
      if (!c.test(request, path)) {
        return false;
      }
    }
    return true;
  }

  /** Every condition that does not hold; empty when the block matches. */
  List<ConditionFailure> failures(MeshRequest request, String path) {
    List<ConditionFailure> out = new ArrayList<>();
    for (Condition c : conditions) {
      if (!c.test(request, path)) {
        out.add(new ConditionFailure(c.field(), c.expected(), c.actual(request, path)));
      }
    }
    return out;
  }
}

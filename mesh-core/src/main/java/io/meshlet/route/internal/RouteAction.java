package io.meshlet.route.internal;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.route.RouteDecision;

/**
 * The action of one compiled HTTP route: forward to weighted targets (after an optional path
 * rewrite), redirect, or answer directly. Shared by the route's match blocks.
 */
final class RouteAction {
  enum Kind {
    FORWARD, REDIRECT, DIRECT_RESPONSE
  }

  final Kind kind;
  final Target[] targets;
  final int totalWeight;
  final PathRewrite rewrite;
  final Redirect redirect;
  /** The template of a redirect or direct response; null when forwarding. */
  final RouteDecision.Template template;

  private RouteAction(Kind kind, Target[] targets, PathRewrite rewrite, Redirect redirect,
      RouteDecision.Template template) {
    this.kind = kind;
    this.targets = targets;
    this.totalWeight = targets.length == 0 ? 0 : targets[targets.length - 1].cumulative;
    this.rewrite = rewrite;
    this.redirect = redirect;
    this.template = template;
  }

  static RouteAction forward(Target[] targets, PathRewrite rewrite) {
    return new RouteAction(Kind.FORWARD, targets, rewrite, null, null);
  }

  static RouteAction redirect(Redirect redirect, RouteDecision.Template template) {
    return new RouteAction(Kind.REDIRECT, new Target[0], null, redirect, template);
  }

  static RouteAction directResponse(RouteDecision.Template template) {
    return new RouteAction(Kind.DIRECT_RESPONSE, new Target[0], null, null, template);
  }

  /** The index of the target for this request: one draw in {@code [0, total weight)} when there is a choice. */
  int pick(RandomSource random) {
    if (targets.length <= 1) {
      return 0;
    }
    int draw = random.nextInt(totalWeight);
    for (int i = 0; i < targets.length; i++) {
      if (draw < targets[i].cumulative) {
        return i;
      }
    }
    return targets.length - 1;
  }

  RouteDecision decide(RouteEntry entry, String serviceHost, MeshRequest request, String path, int picked) {
    switch (kind) {
      case FORWARD: {
        String newPath = rewrite == null ? path : rewrite.apply(path, entry.matchedPrefixLength);
        return RouteDecision.of(targets[picked].template, entry.routeName, serviceHost, request, newPath, null);
      }
      case REDIRECT:
        return RouteDecision.of(template, entry.routeName, serviceHost, request, path,
            redirect.location(request, path, entry.matchedPrefixLength));
      default:
        return RouteDecision.of(template, entry.routeName, serviceHost, request, path, null);
    }
  }
}

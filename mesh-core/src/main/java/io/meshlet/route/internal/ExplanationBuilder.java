package io.meshlet.route.internal;

import io.meshlet.MeshRequest;
import io.meshlet.Workload;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.config.internal.Durations;
import io.meshlet.route.Explanation;
import io.meshlet.route.Explanation.Action;
import io.meshlet.route.Explanation.BlockCheck;
import io.meshlet.route.Explanation.ConditionFailure;
import io.meshlet.route.Explanation.Resolution;
import io.meshlet.route.Explanation.RouteCheck;
import io.meshlet.route.FaultPolicy;
import io.meshlet.route.MirrorPolicy;
import io.meshlet.route.RetryPolicy;
import io.meshlet.route.RouteDecision;
import io.meshlet.route.RouteDecision.Outcome;
import io.meshlet.route.WeightedCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Records what the router looked at for one request and turns it into an {@link Explanation}. */
final class ExplanationBuilder {
  private final MeshRequest request;
  private final String path;
  private final Workload workload;
  private Explanation.Host host;
  private VirtualHost vh;
  private final Map<RouteEntry, List<ConditionFailure>> evaluated = new IdentityHashMap<>();

  ExplanationBuilder(MeshRequest request, String path, Workload workload) {
    this.request = request;
    this.path = path;
    this.workload = workload;
  }

  void unknownHost(Resolution resolution, String reason) {
    host = new Explanation.Host(resolution, null, null, null, reason, List.of());
  }

  void host(VirtualHost v, String domain) {
    vh = v;
    String reason = switch (v.resolution()) {
      case VIRTUAL_SERVICE -> "VirtualService " + v.virtualService() + " routes host " + v.serviceHost() + " on port "
          + request.port();
      case DEFAULT_ROUTE -> "mesh service without a VirtualService: Istio's default route (all endpoints, default"
          + " retries, no timeout)";
      case NON_HTTP_PORT -> "the service declares port " + request.port() + " with a non-HTTP protocol; Istio proxies"
          + " it without HTTP routes";
      default -> "";
    };
    host = new Explanation.Host(v.resolution(), domain, v.serviceHost(), v.virtualService(), reason, v.notes());
  }

  void block(RouteEntry entry, List<ConditionFailure> failures) {
    evaluated.put(entry, failures);
  }

  Explanation build(RouteDecision d, RouteEntry matched, int picked) {
    Explanation.Request req = new Explanation.Request(request.method(), request.url(), request.authority(),
        request.port(), path);
    List<RouteCheck> routes = new ArrayList<>();
    if (vh != null) {
      for (CompiledRoute route : vh.routes()) {
        List<BlockCheck> blocks = new ArrayList<>();
        boolean tried = false;
        for (RouteEntry e : vh.entries()) {
          List<ConditionFailure> failures = e.route == route ? evaluated.get(e) : null;
          if (failures != null) {
            tried = true;
            blocks.add(new BlockCheck(e.blockIndex, e.blockName, failures.isEmpty(), failures, null));
          }
        }
        for (CompiledRoute.SkippedBlock s : route.skipped) {
          blocks.add(new BlockCheck(s.index(), s.name(), false, List.of(), s.reason()));
        }
        blocks.sort(Comparator.comparingInt(BlockCheck::index));
        boolean isMatched = matched != null && matched.route == route;
        if (tried || !route.skipped.isEmpty()) {
          routes.add(new RouteCheck(route.index, route.name, route.origin, isMatched, blocks));
        }
        if (isMatched) {
          break;
        }
      }
    }
    return new Explanation(req, workload.namespace() + "/" + workload.name(), host, routes,
        decision(d, matched, picked));
  }

  private Explanation.Decision decision(RouteDecision d, RouteEntry matched, int picked) {
    List<Explanation.Destination> destinations = new ArrayList<>();
    List<WeightedCluster> all = d.destinations();
    for (int i = 0; i < all.size(); i++) {
      ClusterKey k = all.get(i).cluster();
      destinations.add(new Explanation.Destination(k.host(), k.subset(), k.port(), all.get(i).weight(),
          d.outcome() == Outcome.FORWARD && i == picked));
    }
    return new Explanation.Decision(d.outcome(), d.status(),
        d.responseFlag() == null ? null : d.responseFlag().code(), d.virtualService(), d.routeIndex(), d.routeName(),
        d.cluster() == null ? null : d.cluster().toString(), destinations, d.path(), d.authority(), d.location(),
        actions(d, matched == null ? null : matched.route.action));
  }

  private static List<Action> actions(RouteDecision d, RouteAction action) {
    List<Action> out = new ArrayList<>();
    if (d.outcome() == Outcome.REDIRECT && action != null) {
      out.add(new Action("redirect", action.redirect.describe() + " → " + d.location()));
    }
    if (d.outcome() == Outcome.DIRECT_RESPONSE) {
      out.add(new Action("directResponse", "status " + d.status() + ", " + body(d.body())));
    }
    FaultPolicy f = d.fault();
    if (f != null) {
      out.add(new Action("fault", fault(f)));
    }
    if (action != null && action.rewrite != null) {
      out.add(new Action("rewrite", action.rewrite.describe() + " → " + d.path()));
    }
    if (d.authorityRewritten()) {
      out.add(new Action("rewrite", "authority → " + d.authority()));
    }
    if (!d.requestHeaders().isEmpty()) {
      out.add(new Action("requestHeaders", d.requestHeaders().toString()));
    }
    if (d.outcome() == Outcome.FORWARD) {
      out.add(new Action("timeout", d.timeout() == null ? "none (disabled, Istio's default)"
          : Durations.format(d.timeout()) + " for all tries and back-off"));
      out.add(new Action("retries", retries(d.retryPolicy())));
    }
    for (MirrorPolicy m : d.mirrors()) {
      out.add(new Action("mirror", m.cluster() + " on " + percent(m.percent()) + " of requests"));
    }
    if (!d.responseHeaders().isEmpty()) {
      out.add(new Action("responseHeaders", d.responseHeaders().toString()));
    }
    if (d.cors() != null) {
      out.add(new Action("cors", d.cors().toString()));
    }
    return out;
  }

  private static String retries(RetryPolicy p) {
    if (!p.enabled()) {
      return "none";
    }
    StringBuilder out = new StringBuilder();
    out.append(p.attempts()).append(p.attempts() == 1 ? " retry" : " retries").append(" on ").append(p.retryOnText());
    if (p.perTryTimeout() != null) {
      out.append(", per-try timeout ").append(Durations.format(p.perTryTimeout()));
    }
    out.append(", back-off ").append(Durations.format(p.backoffBase())).append(" (max ")
        .append(Durations.format(p.backoffMax())).append(')');
    if (p.retryRemoteLocalities()) {
      out.append(", other localities allowed");
    }
    if (!p.retryIgnorePreviousHosts()) {
      out.append(", previous hosts allowed");
    }
    if (p.equals(RetryPolicy.istioDefault())) {
      out.append(" (Istio's default policy)");
    }
    return out.toString();
  }

  private static String fault(FaultPolicy f) {
    List<String> parts = new ArrayList<>();
    if (f.hasDelay()) {
      parts.add("delay " + Durations.format(f.delay()) + " on " + percent(f.delayPercent()) + " of requests");
    }
    if (f.hasAbort()) {
      parts.add("abort with " + (f.abortHttpStatus() != null ? "HTTP " + f.abortHttpStatus() : "gRPC " + f.abortGrpcStatus())
          + " on " + percent(f.abortPercent()) + " of requests");
    }
    return String.join(", then ", parts);
  }

  private static String percent(double p) {
    return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
  }

  private static String body(byte[] body) {
    if (body.length == 0) {
      return "empty body";
    }
    String text = new String(body, StandardCharsets.UTF_8);
    return body.length + "-byte body \"" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "\"";
  }
}

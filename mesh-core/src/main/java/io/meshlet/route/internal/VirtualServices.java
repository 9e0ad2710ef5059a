package io.meshlet.route.internal;

import io.meshlet.config.MeshConfig;
import io.meshlet.config.Resource;
import io.meshlet.config.model.Destination;
import io.meshlet.config.model.HttpMirrorPolicy;
import io.meshlet.config.model.HttpRoute;
import io.meshlet.config.model.HttpRouteDestination;
import io.meshlet.config.model.VirtualService;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Selects the VirtualServices a sidecar in one namespace sees, in Istio's precedence order, with
 * short names resolved and delegates merged.
 *
 * <p>Order matters because sidecars do not merge VirtualServices: when two name the same host, the
 * first in this order keeps it. Istio lists those exported only to the client's own namespace
 * first, then those exported to it by name, then public ones; each group oldest first
 * ({@code metadata.creationTimestamp}, a missing one counting as oldest), then in load order.
 */
final class VirtualServices {
  private VirtualServices() {}

  static List<PreparedVirtualService> prepare(MeshConfig config, String clientNamespace,
      Diagnostics warnings) {
    List<Resource<VirtualService>> all = new ArrayList<>(config.virtualServices());
    all.sort(Comparator.comparing((Resource<VirtualService> r) -> created(r)).thenComparingLong(Resource::sequence));
    Map<String, Resource<VirtualService>> delegates = new HashMap<>();
    for (Resource<VirtualService> r : all) {
      if (r.spec().hosts().isEmpty()) {
        delegates.put(r.namespace() + "/" + r.name(), r);
      }
    }
    List<PreparedVirtualService> own = new ArrayList<>();
    List<PreparedVirtualService> named = new ArrayList<>();
    List<PreparedVirtualService> pub = new ArrayList<>();
    for (Resource<VirtualService> r : all) {
      VirtualService vs = r.spec();
      if (vs.hosts().isEmpty() || !vs.gatewaysOrDefault().contains(VirtualService.MESH_GATEWAY)) {
        continue;
      }
      List<String> exportTo = vs.exportTo();
      List<PreparedVirtualService> group;
      if (exportTo.isEmpty() || exportTo.contains("*")) {
        group = pub;
      } else if (exportTo.contains("~")) {
        continue;
      } else if (r.namespace().equals(clientNamespace) && (exportTo.contains(".") || exportTo.contains(clientNamespace))) {
        group = own;
      } else if (exportTo.contains(clientNamespace)) {
        group = named;
      } else {
        continue;
      }
      group.add(prepareRoot(r, delegates, warnings));
    }
    List<PreparedVirtualService> out = new ArrayList<>(own.size() + named.size() + pub.size());
    out.addAll(own);
    out.addAll(named);
    out.addAll(pub);
    return out;
  }

  static Instant created(Resource<?> r) {
    String ts = r.metadata().creationTimestamp();
    if (ts == null || ts.isEmpty()) {
      return Instant.MIN;
    }
    try {
      return OffsetDateTime.parse(ts).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.MIN;
    }
  }

  private static PreparedVirtualService prepareRoot(Resource<VirtualService> r,
      Map<String, Resource<VirtualService>> delegates, Diagnostics warnings) {
    String ns = r.namespace();
    List<String> hosts = new ArrayList<>();
    for (String h : r.spec().hosts()) {
      hosts.add(Hosts.resolveShortName(h, ns));
    }
    List<PreparedRoute> routes = new ArrayList<>();
    List<HttpRoute> http = r.spec().http();
    for (int i = 0; i < http.size(); i++) {
      HttpRoute route = resolve(http.get(i), ns);
      String path = "spec.http[" + i + "]";
      if (route.delegate() == null) {
        routes.add(new PreparedRoute(route, i, path, null, r.origin().source(), r.origin().line()));
        continue;
      }
      String dns = route.delegate().namespace() == null || route.delegate().namespace().isEmpty()
          ? ns : route.delegate().namespace();
      String key = dns + "/" + route.delegate().name();
      Resource<VirtualService> delegate = delegates.get(key);
      if (delegate == null) {
        warn(warnings, r, path + ".delegate", "delegate VirtualService " + key + " not found; the route is dropped");
        continue;
      }
      if (!Hosts.exportedTo(delegate.spec().exportTo(), dns, ns)) {
        warn(warnings, r, path + ".delegate", "delegate VirtualService " + key + " is not exported to namespace "
            + ns + "; the route is dropped");
        continue;
      }
      List<HttpRoute> leaves = delegate.spec().http();
      for (int j = 0; j < leaves.size(); j++) {
        HttpRoute leaf = resolve(leaves.get(j), dns);
        String origin = "delegate " + key + " http[" + j + "]";
        if (leaf.delegate() != null) {
          warn(warnings, delegate, "spec.http[" + j + "].delegate",
              "delegation is one level deep; this route of " + origin + " is dropped");
          continue;
        }
        HttpRoute merged = DelegateMerge.merge(route, leaf);
        if (merged == null) {
          warn(warnings, delegate, "spec.http[" + j + "].match", "the match of " + origin
              + " is not within the match of VirtualService " + ns + "/" + r.name() + " http[" + i
              + "]; the route is dropped");
          continue;
        }
        routes.add(new PreparedRoute(merged, i, "spec.http[" + j + "]", origin, delegate.origin().source(),
            delegate.origin().line()));
      }
    }
    return new PreparedVirtualService(r, ns + "/" + r.name(), List.copyOf(hosts), List.copyOf(routes));
  }

  private static void warn(Diagnostics warnings, Resource<?> r, String path, String message) {
    warnings.warn(r.origin().source(), r.origin().line(), path, r.displayName() + ": " + message);
  }

  /** The route with destination and mirror hosts resolved against {@code namespace}. */
  static HttpRoute resolve(HttpRoute r, String namespace) {
    List<HttpRouteDestination> dests = new ArrayList<>(r.route().size());
    for (HttpRouteDestination d : r.route()) {
      dests.add(new HttpRouteDestination(resolve(d.destination(), namespace), d.weight(), d.headers()));
    }
    List<HttpMirrorPolicy> mirrors = new ArrayList<>(r.mirrors().size());
    for (HttpMirrorPolicy m : r.mirrors()) {
      mirrors.add(new HttpMirrorPolicy(resolve(m.destination(), namespace), m.percentage()));
    }
    return new HttpRoute(r.name(), r.match(), dests, r.redirect(), r.directResponse(), r.delegate(), r.rewrite(),
        r.timeout(), r.retries(), r.fault(), resolve(r.mirror(), namespace), null, r.mirrorPercentage(), mirrors,
        r.corsPolicy(), r.headers());
  }

  private static Destination resolve(Destination d, String namespace) {
    if (d == null || d.host() == null) {
      return d;
    }
    return new Destination(Hosts.resolveShortName(d.host(), namespace), d.subset(), d.port());
  }
}

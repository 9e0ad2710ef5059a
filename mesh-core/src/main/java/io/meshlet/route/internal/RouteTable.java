package io.meshlet.route.internal;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.Workload;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.model.Destination;
import io.meshlet.config.model.OutboundTrafficPolicy;
import io.meshlet.internal.Interner;
import io.meshlet.registry.ServiceRegistry;
import io.meshlet.route.Explanation;
import io.meshlet.route.Explanation.Resolution;
import io.meshlet.route.RetryPolicy;
import io.meshlet.route.RouteDecision;
import io.meshlet.route.RouteDecision.Outcome;
import io.meshlet.route.WeightedCluster;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A workload's compiled outbound routes: what Istio's sidecar would decide for any request, as an
 * immutable structure that many threads read at once. Lookup is a binary search on the port, a hash
 * lookup of the authority's host (no string is built), and a scan of that host's compiled match
 * blocks.
 */
public final class RouteTable {
  private final Workload workload;
  private final int[] ports;
  private final DomainTable<VirtualHost>[] tables;
  private final RouteDecision.Template fallback;
  private final Resolution fallbackResolution;
  private final String fallbackRouteName;
  private final String fallbackReason;

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is made raw and cast
  private RouteTable(Workload workload, Map<Integer, DomainTable<VirtualHost>> byPort, SidecarScope scope) {
    this.workload = workload;
    TreeMap<Integer, DomainTable<VirtualHost>> sorted = new TreeMap<>(byPort);
    this.ports = sorted.keySet().stream().mapToInt(Integer::intValue).toArray();
    this.tables = sorted.values().toArray(new DomainTable[0]);
    String sidecar = scope.sidecar == null ? "no Sidecar applies, so Istio's default ALLOW_ANY holds"
        : "Sidecar " + scope.sidecar.namespace() + "/" + scope.sidecar.name() + " sets outboundTrafficPolicy "
            + scope.mode;
    this.fallbackRouteName = scope.mode == OutboundTrafficPolicy.Mode.ALLOW_ANY ? "allow_any" : "block_all";
    if (scope.mode == OutboundTrafficPolicy.Mode.REGISTRY_ONLY) {
      fallback = RouteDecision.Template.builder(Outcome.BLOCKED).status(502).build();
      fallbackResolution = Resolution.BLOCKED;
      fallbackReason = "not a mesh host on this port; " + sidecar + ", which answers 502";
    } else if (scope.egressProxy != null && scope.egressProxy.host() != null) {
      Destination proxy = scope.egressProxy;
      ClusterKey key = new ClusterKey(Hosts.resolveShortName(proxy.host(), scope.sidecar.namespace()),
          proxy.subset(), proxy.port() == null || proxy.port().number() == null ? 0 : proxy.port().number());
      fallback = RouteDecision.Template.builder(Outcome.FORWARD).cluster(key)
          .destinations(List.of(new WeightedCluster(key, 100))).retryPolicy(RetryPolicy.none()).build();
      fallbackResolution = Resolution.PASSTHROUGH;
      fallbackReason = "not a mesh host on this port; " + sidecar + " with egressProxy " + key;
    } else {
      fallback = RouteDecision.Template.builder(Outcome.PASSTHROUGH).retryPolicy(RetryPolicy.none()).build();
      fallbackResolution = Resolution.PASSTHROUGH;
      fallbackReason = "not a mesh host on this port; " + sidecar + ", which passes the request through untouched";
    }
  }

  /**
   * Compiles every VirtualService visible to this workload. Problems found only at compile time
   * (duplicate VirtualServices for a host, missing or unexported delegates, unsupported fields, ...)
   * are reported to {@code warnings}; the configuration still compiles, as Istio still serves it.
   */
  public static RouteTable compile(MeshConfig config, ServiceRegistry registry, Workload workload,
      Consumer<Diagnostic> warnings) {
    return compile(config, registry, workload, warnings, new Interner());
  }

  /** Compiles as {@link #compile(MeshConfig, ServiceRegistry, Workload, Consumer)}, sharing equal values through {@code interner}. */
  public static RouteTable compile(MeshConfig config, ServiceRegistry registry, Workload workload,
      Consumer<Diagnostic> warnings, Interner interner) {
    Objects.requireNonNull(workload, "workload");
    RouteCompiler compiler = new RouteCompiler(config, registry, workload, new Diagnostics(warnings), interner);
    return new RouteTable(workload, compiler.compile(), compiler.scope());
  }

  /** The decision for {@code request}; {@code random} is drawn once when a route has several weighted destinations. */
  public RouteDecision route(MeshRequest request, RandomSource random) {
    String path = PathNormalizer.normalize(request.path());
    VirtualHost vh = virtualHost(request);
    if (vh == null) {
      return RouteDecision.of(fallback, fallbackRouteName, null, request, path, null);
    }
    for (RouteEntry e : vh.entries()) {
      if (e.matches(request, path)) {
        RouteAction action = e.route.action;
        return action.decide(e, vh.serviceHost(), request, path, action.pick(random));
      }
    }
    return RouteDecision.of(vh.noRoute(), null, vh.serviceHost(), request, path, null);
  }

  /** The same decision as {@link #route}, with the reasons for it. */
  public Explanation explain(MeshRequest request, RandomSource random) {
    String path = PathNormalizer.normalize(request.path());
    ExplanationBuilder out = new ExplanationBuilder(request, path, workload);
    VirtualHost vh = virtualHost(request);
    if (vh == null) {
      out.unknownHost(fallbackResolution, fallbackReason);
      return out.build(RouteDecision.of(fallback, fallbackRouteName, null, request, path, null), null, 0);
    }
    out.host(vh, domainOf(request));
    for (RouteEntry e : vh.entries()) {
      List<Explanation.ConditionFailure> failures = e.failures(request, path);
      out.block(e, failures);
      if (failures.isEmpty()) {
        RouteAction action = e.route.action;
        int picked = action.pick(random);
        return out.build(action.decide(e, vh.serviceHost(), request, path, picked), e, picked);
      }
    }
    return out.build(RouteDecision.of(vh.noRoute(), null, vh.serviceHost(), request, path, null), null, 0);
  }

  private VirtualHost virtualHost(MeshRequest request) {
    int i = Arrays.binarySearch(ports, request.port());
    if (i < 0) {
      return null;
    }
    String host = request.header("host");
    if (host == null) {
      host = request.host();
      return tables[i].find(host, 0, host.length());
    }
    // Istio sets ignore_port_in_host_matching: the Host header's port plays no part.
    return tables[i].find(host, 0, hostEnd(host));
  }

  private String domainOf(MeshRequest request) {
    String host = request.header("host");
    String name = host == null ? request.host() : host.substring(0, hostEnd(host));
    return tables[Arrays.binarySearch(ports, request.port())].matchedDomain(name);
  }

  private static int hostEnd(String authority) {
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close < 0 ? authority.length() : close + 1;
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority.length() : colon;
  }
}

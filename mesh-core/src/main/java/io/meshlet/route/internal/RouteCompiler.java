package io.meshlet.route.internal;

import io.meshlet.ResponseFlag;
import io.meshlet.Workload;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.model.Destination;
import io.meshlet.config.model.HttpMatchRequest;
import io.meshlet.config.model.HttpMirrorPolicy;
import io.meshlet.config.model.HttpRedirect;
import io.meshlet.config.model.HttpRoute;
import io.meshlet.config.model.HttpRouteDestination;
import io.meshlet.internal.Interner;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.ServiceRegistry;
import io.meshlet.route.Explanation.Resolution;
import io.meshlet.route.RetryPolicy;
import io.meshlet.route.RouteDecision;
import io.meshlet.route.RouteDecision.Outcome;
import io.meshlet.route.WeightedCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a workload's route tables, one per port, as Istio's sidecar route generation
 * ({@code BuildSidecarOutboundVirtualHosts}): VirtualService virtual hosts first, in precedence order,
 * then Istio's default route for every other imported service, each under the domains a client in
 * the workload's namespace may use for it.
 */
final class RouteCompiler {
  private final Workload workload;
  private final Interner interner;
  private final Diagnostics diagnostics;
  private final Regexes regexes = new Regexes();
  private final Map<String, Service> visible = new LinkedHashMap<>();
  private final MatchCompiler matches;
  private final ActionCompiler actions;
  private final List<PreparedVirtualService> virtualServices;
  private final SidecarScope scope;
  private final Map<PreparedVirtualService, CompiledVirtualService> portIndependent = new IdentityHashMap<>();

  RouteCompiler(MeshConfig config, ServiceRegistry registry, Workload workload, Diagnostics diagnostics,
      Interner interner) {
    this.workload = workload;
    this.interner = interner;
    this.diagnostics = diagnostics;
    for (Service s : registry.services()) {
      // Interned first, so that the cluster keys of routes hold the registry's own host strings.
      String name = interner.intern(s.hostname().toLowerCase(Locale.ROOT));
      if (Hosts.exportedTo(s.exportTo(), s.namespace(), workload.namespace())) {
        visible.putIfAbsent(name, s);
      }
    }
    this.matches = new MatchCompiler(workload, regexes, diagnostics, interner);
    this.actions = new ActionCompiler(visible, regexes, diagnostics, interner);
    this.virtualServices = VirtualServices.prepare(config, workload.namespace(), diagnostics);
    this.scope = SidecarScope.select(config, workload, diagnostics);
  }

  SidecarScope scope() {
    return scope;
  }

  /** The route table of every port a listener serves. */
  Map<Integer, DomainTable<VirtualHost>> compile() {
    Map<Integer, DomainTable<VirtualHost>> tables = new HashMap<>();
    SidecarScope.Listener catchAll = null;
    for (SidecarScope.Listener l : scope.listeners) {
      if (l.port() == null) {
        if (catchAll == null) {
          catchAll = l;
        }
      } else if (!tables.containsKey(l.port())) {
        tables.put(l.port(), new PortCompiler(l.port(), imported(l)).build());
      }
    }
    if (catchAll != null) {
      Imports imports = imported(catchAll);
      Set<Integer> ports = new TreeSet<>();
      ports.add(80);
      for (Service s : imports.services) {
        for (ServicePort p : s.ports()) {
          ports.add(p.number());
        }
      }
      for (int port : ports) {
        if (!tables.containsKey(port)) {
          tables.put(port, new PortCompiler(port, imports).build());
        }
      }
    }
    return tables;
  }

  /** What one egress listener imports, with Istio's most-specific-VirtualService index for wildcard hosts. */
  private record Imports(List<Service> services, List<PreparedVirtualService> virtualServices,
      Map<String, PreparedVirtualService> mostSpecific) {}

  private Imports imported(SidecarScope.Listener l) {
    List<Service> services = new ArrayList<>();
    for (Service s : visible.values()) {
      if (l.imports(s)) {
        services.add(s);
      }
    }
    List<PreparedVirtualService> vses = new ArrayList<>();
    for (PreparedVirtualService vs : virtualServices) {
      if (l.imports(vs)) {
        vses.add(vs);
      }
    }
    return new Imports(services, vses, mostSpecific(vses, services));
  }

  /**
   * Istio's {@code computeWildcardHostVirtualServiceIndex}: for each service, the VirtualService with
   * the most specific host covering it (an exact host beats any wildcard); on a tie the first in
   * precedence order. A wildcard VirtualService attaches only to services it is the most specific for.
   */
  private static Map<String, PreparedVirtualService> mostSpecific(List<PreparedVirtualService> vses,
      List<Service> services) {
    Map<String, PreparedVirtualService> exact = new HashMap<>();
    Map<String, PreparedVirtualService> wildcard = new LinkedHashMap<>();
    for (PreparedVirtualService vs : vses) {
      for (String h : vs.hosts()) {
        (Hosts.isWildcard(h) ? wildcard : exact).putIfAbsent(h, vs);
      }
    }
    Map<String, PreparedVirtualService> out = new HashMap<>();
    for (Service s : services) {
      String name = s.hostname().toLowerCase(Locale.ROOT);
      PreparedVirtualService vs = Hosts.isWildcard(name) ? wildcard.get(name) : exact.get(name);
      if (vs == null) {
        String best = null;
        for (Map.Entry<String, PreparedVirtualService> e : wildcard.entrySet()) {
          if (Hosts.subsetOf(name, e.getKey()) && !e.getKey().equals(name)
              && (best == null || Hosts.moreSpecific(e.getKey(), best))) {
            best = e.getKey();
            vs = e.getValue();
          }
        }
      }
      if (vs != null) {
        out.put(name, vs);
      }
    }
    return out;
  }

  /** A VirtualService's routes compiled for one port. */
  private record CompiledVirtualService(RouteEntry[] entries, List<CompiledRoute> routes, List<String> notes,
      RouteDecision.Template noRoute) {}

  /**
   * The routes of {@code vs} for {@code port}, compiled once for every port when nothing in them
   * depends on the port (Istio's sidecar then makes the same routes on each port it serves).
   */
  private CompiledVirtualService compiled(PreparedVirtualService vs, int port) {
    if (portSensitive(vs)) {
      return compileRoutes(vs, port);
    }
    return portIndependent.computeIfAbsent(vs, v -> compileRoutes(v, port));
  }

  private boolean portSensitive(PreparedVirtualService vs) {
    for (PreparedRoute pr : vs.routes()) {
      HttpRoute r = pr.route();
      for (HttpMatchRequest m : r.match()) {
        if (m.port() != null && m.port() != 0) {
          return true;
        }
      }
      if (r.redirect() != null && r.redirect().derivePort() == HttpRedirect.RedirectPortSelection.FROM_REQUEST_PORT) {
        return true;
      }
      for (HttpRouteDestination d : r.route()) {
        if (!fixedPort(d.destination())) {
          return true;
        }
      }
      if (r.mirror() != null && !fixedPort(r.mirror())) {
        return true;
      }
      for (HttpMirrorPolicy m : r.mirrors()) {
        if (m.destination() != null && !fixedPort(m.destination())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the destination's cluster port is known without the port the client called. */
  private boolean fixedPort(Destination d) {
    if (d == null || d.host() == null) {
      return true;
    }
    if (d.port() != null && d.port().number() != null && d.port().number() > 0) {
      return true;
    }
    Service s = visible.get(d.host());
    return s != null && s.ports().size() == 1;
  }

  private CompiledVirtualService compileRoutes(PreparedVirtualService vs, int port) {
    List<CompiledRoute> routes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<RouteEntry> entries = new ArrayList<>();
    List<PreparedRoute> prepared = vs.routes();
    for (int i = 0; i < prepared.size(); i++) {
      PreparedRoute pr = prepared.get(i);
      CompiledRoute route = new CompiledRoute(pr.index(), pr.route().name(), pr.origin());
      RouteAction action = actions.compile(pr, vs.key(), port);
      routes.add(route);
      if (action == null) {
        route.skip(new CompiledRoute.SkippedBlock(-1, null, "the route's action is invalid (see warnings)"));
        continue;
      }
      route.action = action;
      boolean catchAll = matches.compile(pr, route, port, entries);
      if (catchAll) {
        if (i + 1 < prepared.size()) {
          notes.add("routes after http[" + pr.index() + "] never apply: it matches every request");
        }
        break;
      }
    }
    RouteDecision.Template noRoute = RouteDecision.Template.builder(Outcome.NO_ROUTE).status(404)
        .responseFlag(ResponseFlag.NO_ROUTE_FOUND).virtualService(vs.key(), -1).build();
    return new CompiledVirtualService(entries.toArray(new RouteEntry[0]), List.copyOf(routes), List.copyOf(notes),
        noRoute);
  }

  /** Builds the table of one port from one listener's imports. */
  private final class PortCompiler {
    private final int port;
    private final Imports imports;
    private final Map<String, Service> http = new LinkedHashMap<>();
    private final List<Service> other = new ArrayList<>();
    private final DomainTable.Builder<VirtualHost> domains = new DomainTable.Builder<>();
    private final Map<String, VirtualHost> built = new HashMap<>();
    private final Map<String, String> owner = new HashMap<>();
    private final Set<String> knownHosts = new HashSet<>();

    PortCompiler(int port, Imports imports) {
      this.port = port;
      this.imports = imports;
      for (Service s : imports.services) {
        ServicePort p = s.port(port);
        if (p != null) {
          String name = s.hostname().toLowerCase(Locale.ROOT);
          if (p.isHttp()) {
            http.putIfAbsent(name, s);
          } else {
            other.add(s);
          }
          knownHosts.add(name);
        }
      }
    }

    DomainTable<VirtualHost> build() {
      Set<String> claimed = new HashSet<>();
      for (PreparedVirtualService vs : imports.virtualServices) {
        List<String> nonRegistry = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        separate(vs, nonRegistry, services);
        // A VirtualService host outside the registry only gets a virtual host on port 80 (Istio's legacy rule).
        if (services.isEmpty() && (port != 80 || nonRegistry.isEmpty())) {
          continue;
        }
        CompiledVirtualService compiled = compiled(vs, port);
        RouteEntry[] entries = compiled.entries();
        List<CompiledRoute> routes = compiled.routes();
        List<String> notes = compiled.notes();
        if (entries.length == 0) {
          // No route applies to this workload: Istio leaves the services to the default route.
          continue;
        }
        RouteDecision.Template noRoute = compiled.noRoute();
        for (String h : nonRegistry) {
          add(new VirtualHost(h + ":" + port, h, vs.key(), Resolution.VIRTUAL_SERVICE, entries, routes, noRoute,
              new ArrayList<>(notes)), vs, List.of());
        }
        for (Service s : services) {
          String h = s.hostname().toLowerCase(Locale.ROOT);
          claimed.add(h);
          add(new VirtualHost(h + ":" + port, h, vs.key(), Resolution.VIRTUAL_SERVICE, entries, routes, noRoute,
              new ArrayList<>(notes)), vs, Hosts.alternateNames(h, workload.namespace()));
        }
      }
      for (Service s : http.values()) {
        String h = s.hostname().toLowerCase(Locale.ROOT);
        if (!claimed.contains(h)) {
          add(defaultHost(h, Resolution.DEFAULT_ROUTE, RetryPolicy.istioDefault(), "default"), null,
              Hosts.alternateNames(h, workload.namespace()));
        }
      }
      for (Service s : other) {
        String h = s.hostname().toLowerCase(Locale.ROOT);
        add(defaultHost(h, Resolution.NON_HTTP_PORT, RetryPolicy.none(), null), null,
            Hosts.alternateNames(h, workload.namespace()));
      }
      return domains.build();
    }

    /** Istio's {@code separateVSHostsAndServices}: which VirtualService hosts are mesh services here. */
    private void separate(PreparedVirtualService vs, List<String> nonRegistry, List<Service> services) {
      for (String h : vs.hosts()) {
        if (!Hosts.isWildcard(h)) {
          Service s = http.get(h);
          if (s != null) {
            services.add(s);
          } else if (!knownHosts.contains(h)) {
            nonRegistry.add(h);
          }
          continue;
        }
        boolean any = false;
        for (String known : knownHosts) {
          any |= Hosts.matches(known, h);
        }
        for (Map.Entry<String, Service> e : http.entrySet()) {
          if (Hosts.matches(e.getKey(), h) && imports.mostSpecific.get(e.getKey()) == vs) {
            services.add(e.getValue());
          }
        }
        if (!any) {
          nonRegistry.add(h);
        }
      }
    }

    private VirtualHost defaultHost(String host, Resolution resolution, RetryPolicy retries, String routeName) {
      ClusterKey key = interner.intern(new ClusterKey(host, "", port));
      RouteDecision.Template template = RouteDecision.Template.builder(Outcome.FORWARD).cluster(key)
          .destinations(List.of(new WeightedCluster(key, 100))).retryPolicy(retries).build();
      CompiledRoute route = new CompiledRoute(-1, routeName, null);
      route.action = RouteAction.forward(new Target[] {new Target(key, 100, 100, template)}, null);
      RouteEntry entry = new RouteEntry(route, -1, null, routeName, Condition.NONE, 1);
      return new VirtualHost(host + ":" + port, host, null, resolution, new RouteEntry[] {entry}, List.of(), null,
          new ArrayList<>());
    }

    /**
     * Registers a virtual host under its domains, as Istio's {@code buildVirtualHost}: a second
     * virtual host of the same name is a duplicate and dropped (the oldest VirtualService keeps a
     * host); a domain already taken is skipped, as is a short name that is also some service's
     * full name.
     */
    private void add(VirtualHost vh, PreparedVirtualService vs, List<String> alternates) {
      VirtualHost existing = built.get(vh.name());
      if (existing != null) {
        if (vs != null) {
          String message = "VirtualService " + vs.key() + " also routes host " + vh.serviceHost() + ", which "
              + (existing.virtualService() != null ? "VirtualService " + existing.virtualService() : "another rule")
              + " already owns; Istio's sidecar does not merge VirtualServices, so the oldest wins and "
              + vs.key() + " is ignored for this host";
          diagnostics.warn(vs.resource().origin().source(), vs.resource().origin().line(), "spec.hosts", message);
          existing.notes().add(message);
        }
        return;
      }
      built.put(vh.name(), vh);
      register(vh.serviceHost(), vh);
      for (String d : alternates) {
        if (!knownHosts.contains(d)) {
          register(d, vh);
        }
      }
    }

    private void register(String domain, VirtualHost vh) {
      if (domains.put(domain, vh)) {
        owner.put(domain, vh.name());
      } else {
        vh.notes().add("domain " + domain + " is already used by " + owner.get(domain));
      }
    }
  }
}

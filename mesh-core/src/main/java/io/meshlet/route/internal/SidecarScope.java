package io.meshlet.route.internal;

import io.meshlet.Workload;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.Resource;
import io.meshlet.config.model.Destination;
import io.meshlet.config.model.IstioEgressListener;
import io.meshlet.config.model.OutboundTrafficPolicy;
import io.meshlet.config.model.Sidecar;
import io.meshlet.registry.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a workload's sidecar imports, as Istio's {@code SidecarScope}: the Sidecar selecting the
 * workload by {@code workloadSelector}, else its namespace's Sidecar without selector, else the root
 * namespace's; without any, every service and VirtualService visible to the namespace, and
 * {@code ALLOW_ANY} for unknown hosts.
 */
final class SidecarScope {
  /** Istio's default root namespace, whose selector-less Sidecar is the mesh-wide default. */
  static final String ROOT_NAMESPACE = "istio-system";

  final Resource<Sidecar> sidecar;
  final OutboundTrafficPolicy.Mode mode;
  final Destination egressProxy;
  final List<Listener> listeners;

  private SidecarScope(Resource<Sidecar> sidecar, OutboundTrafficPolicy.Mode mode, Destination egressProxy,
      List<Listener> listeners) {
    this.sidecar = sidecar;
    this.mode = mode;
    this.egressProxy = egressProxy;
    this.listeners = listeners;
  }

  /**
   * An egress listener: the port it serves (null for every other port) and the hosts it imports by
   * namespace ({@code *} for any namespace).
   */
  record Listener(Integer port, Map<String, List<String>> hostsByNamespace) {

    /** Istio's {@code selectServices}: a namespace-specific import, if any, decides; else the {@code *} import. */
    boolean imports(Service s) {
      if (port != null && s.port(port) == null) {
        return false;
      }
      List<String> hosts = hostsByNamespace.get(s.namespace());
      if (hosts == null) {
        hosts = hostsByNamespace.get("*");
      }
      if (hosts == null) {
        return false;
      }
      String name = s.hostname().toLowerCase(Locale.ROOT);
      for (String h : hosts) {
        if (Hosts.subsetOf(name, h)) {
          return true;
        }
      }
      return false;
    }

    /** Istio's {@code SelectVirtualServices}: any VirtualService host matching a host imported from its namespace or {@code *}. */
    boolean imports(PreparedVirtualService vs) {
      return importsFrom(hostsByNamespace.get(vs.namespace()), vs) || importsFrom(hostsByNamespace.get("*"), vs);
    }

    private static boolean importsFrom(List<String> imported, PreparedVirtualService vs) {
      if (imported == null) {
        return false;
      }
      for (String host : vs.hosts()) {
        for (String h : imported) {
          if (Hosts.matches(h, host)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  static SidecarScope select(MeshConfig config, Workload workload, Diagnostics warnings) {
    List<Resource<Sidecar>> sidecars = new ArrayList<>(config.sidecars());
    sidecars.sort(Comparator.comparing((Resource<Sidecar> r) -> VirtualServices.created(r))
        .thenComparingLong(Resource::sequence));
    Resource<Sidecar> chosen = null;
    for (Resource<Sidecar> r : sidecars) {
      if (r.namespace().equals(workload.namespace()) && r.spec().workloadSelector() != null
          && selects(r.spec().workloadSelector().labels(), workload.labels())) {
        chosen = r;
        break;
      }
    }
    chosen = chosen != null ? chosen : withoutSelector(sidecars, workload.namespace());
    chosen = chosen != null ? chosen : withoutSelector(sidecars, ROOT_NAMESPACE);
    if (chosen == null) {
      Map<String, List<String>> all = Map.of("*", List.of("*"));
      return new SidecarScope(null, OutboundTrafficPolicy.Mode.ALLOW_ANY, null, List.of(new Listener(null, all)));
    }
    Sidecar spec = chosen.spec();
    OutboundTrafficPolicy policy = spec.outboundTrafficPolicy();
    OutboundTrafficPolicy.Mode mode = policy == null ? OutboundTrafficPolicy.Mode.ALLOW_ANY : policy.modeOrDefault();
    Destination egressProxy = policy == null || mode != OutboundTrafficPolicy.Mode.ALLOW_ANY ? null : policy.egressProxy();
    List<IstioEgressListener> egress = spec.egress();
    if (egress.isEmpty()) {
      egress = List.of(new IstioEgressListener(null, null, null, List.of("*/*")));
    }
    List<Listener> listeners = new ArrayList<>();
    for (int i = 0; i < egress.size(); i++) {
      IstioEgressListener e = egress.get(i);
      Integer port = e.port() == null || e.port().number() == null || e.port().number() == 0 ? null : e.port().number();
      listeners.add(new Listener(port, parseHosts(e.hosts(), workload.namespace(), chosen, i, warnings)));
    }
    return new SidecarScope(chosen, mode, egressProxy, List.copyOf(listeners));
  }

  private static Resource<Sidecar> withoutSelector(List<Resource<Sidecar>> sidecars, String namespace) {
    for (Resource<Sidecar> r : sidecars) {
      if (r.namespace().equals(namespace) && r.spec().workloadSelector() == null) {
        return r;
      }
    }
    return null;
  }

  private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, List<String>> parseHosts(List<String> hosts, String namespace, Resource<Sidecar> r,
      int listener, Diagnostics warnings) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      String h = hosts.get(i);
      int slash = h.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String ns = h.substring(0, slash);
      String dns = h.substring(slash + 1).toLowerCase(Locale.ROOT);
      if (ns.startsWith("~")) {
        // "~/*" imports nothing, as in every Istio version; "~ns/host" exclusions are newer and not modelled.
        if (!(ns.equals("~") && dns.equals("*"))) {
          warnings.warn(r.origin().source(), r.origin().line(), "spec.egress[" + listener + "].hosts[" + i + "]",
              r.displayName() + ": exclusion \"" + h + "\" is not supported by Meshlet; it is ignored");
        }
        continue;
      }
      if (ns.equals(".")) {
        ns = namespace;
      }
      out.computeIfAbsent(ns, k -> new ArrayList<>()).add(dns);
    }
    return out;
  }
}

package io.meshlet.config.internal;

import io.meshlet.config.model.CaptureMode;
import io.meshlet.config.model.Destination;
import io.meshlet.config.model.IstioEgressListener;
import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.OutboundTrafficPolicy;
import io.meshlet.config.model.Sidecar;
import io.meshlet.config.model.SidecarPort;
import io.meshlet.config.model.WorkloadSelector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Istio's validation of a Sidecar: the workload selector, egress listeners (one catch-all listener
 * without port, last; unique ports and sockets; {@code namespace/host} imports), the outbound
 * traffic policy and, through {@link SidecarIngress}, ingress listeners.
 */
final class SidecarValidator {
  private SidecarValidator() {}

  static void validate(Sidecar spec, ObjectMeta meta, String path, Problems p) {
    WorkloadSelector selector = spec.workloadSelector();
    if (selector != null) {
      String selectorPath = Paths.field(path, "workloadSelector");
      Validation.selectorLabels(selector.labels(), Paths.field(selectorPath, "labels"), p);
      if (selector.labels().isEmpty()) {
        p.warning(selectorPath, "has no labels, so the Sidecar applies to every workload in the namespace");
      }
    }
    if (spec.egress().isEmpty() && spec.ingress().isEmpty() && spec.outboundTrafficPolicy() == null
        && spec.inboundConnectionPool() == null) {
      p.error(path, "is empty: set egress, ingress, outboundTrafficPolicy or inboundConnectionPool");
      return;
    }
    SidecarIngress.validate(spec.ingress(), Paths.field(path, "ingress"), p);
    if (spec.inboundConnectionPool() != null) {
      String poolPath = Paths.field(path, "inboundConnectionPool");
      TrafficPolicyValidator.connectionPool(spec.inboundConnectionPool(), poolPath, p, false);
      p.warning(poolPath, "is not applied yet: Meshlet enforces connection pools on outbound calls only");
    }
    egress(spec.egress(), meta.namespace(), Paths.field(path, "egress"), p);
    outboundTrafficPolicy(spec.outboundTrafficPolicy(), Paths.field(path, "outboundTrafficPolicy"), p);
  }

  private static void egress(List<IstioEgressListener> listeners, String namespace, String path, Problems p) {
    Set<Integer> ports = new HashSet<>();
    Set<String> sockets = new HashSet<>();
    long withoutPort = listeners.stream().filter(l -> l.port() == null).count();
    for (int i = 0; i < listeners.size(); i++) {
      IstioEgressListener listener = listeners.get(i);
      String itemPath = Paths.index(path, i);
      if (listener.port() == null) {
        // The catch-all listener must come last, so every other listener without port is misplaced.
        if (i != listeners.size() - 1) {
          p.error(itemPath, withoutPort > 1 ? "only one egress listener may leave out port"
              : "the egress listener without port must be the last one");
        }
      } else {
        port(listener, ports, sockets, itemPath, p);
      }
      if (listener.bind() != null) {
        p.warning(Paths.field(itemPath, "bind"), "has no effect in-process: Meshlet opens no listeners, it "
            + "handles the application's calls directly");
      }
      if (listener.captureMode() != null) {
        p.warning(Paths.field(itemPath, "captureMode"), "has no effect in-process: no traffic is captured, "
            + "Meshlet handles the application's calls directly");
      }
      hosts(listener.hosts(), namespace, Paths.field(itemPath, "hosts"), p);
    }
  }

  private static void port(IstioEgressListener listener, Set<Integer> ports, Set<String> sockets, String path,
      Problems p) {
    SidecarPort port = listener.port();
    String portPath = Paths.field(path, "port");
    if (port.targetPort() != null && port.targetPort() > 0) {
      p.error(Paths.field(portPath, "targetPort"), "has no effect in a Sidecar; remove it");
    }
    if (port.name() != null && !port.name().isEmpty()) {
      report(ServiceEntryRules.portNameProblem(port.name()), Paths.field(portPath, "name"), p);
    }
    if (port.protocol() != null && !port.protocol().isEmpty()) {
      report(ServiceEntryRules.protocolProblem(port.protocol()), Paths.field(portPath, "protocol"), p);
    }
    String bind = listener.bind() == null ? "" : listener.bind();
    String bindPath = Paths.field(path, "bind");
    if (port.number() == null || port.number() == 0) {
      if (!bind.startsWith(ServiceEntryRules.UNIX_PREFIX)) {
        p.error(bindPath, "required as unix:///path or unix://@name when the port number is 0 or absent");
      } else {
        report(ServiceEntryRules.unixPathProblem(bind.substring(ServiceEntryRules.UNIX_PREFIX.length())), bindPath, p);
        if (!sockets.add(bind)) {
          p.error(bindPath, "duplicate Unix domain socket " + bind + ": each listener needs its own");
        }
      }
      CaptureMode mode = listener.captureModeOrDefault();
      if (mode != CaptureMode.DEFAULT && mode != CaptureMode.NONE) {
        p.error(Paths.field(path, "captureMode"), "must be DEFAULT or NONE for a Unix domain socket listener, got "
            + mode);
      }
      return;
    }
    Validation.port(port.number(), Paths.field(portPath, "number"), p);
    if (!bind.isEmpty() && !ServiceEntryRules.isIpAddress(bind)) {
      p.error(bindPath, "must be an IP address, got \"" + bind + "\"");
    }
    if (!ports.add(port.number())) {
      p.error(Paths.field(portPath, "number"), "duplicate port " + port.number()
          + ": ports of IP-bound listeners must be unique");
    }
  }

  /** Egress imports: {@code namespace/host}, namespace one of {@code .}, {@code *}, {@code ~} or a name. */
  private static void hosts(List<String> hosts, String namespace, String path, Problems p) {
    if (hosts.isEmpty()) {
      p.error(path, "required: at least one namespace/host import, such as ./* or istio-system/*");
      return;
    }
    Map<String, Set<String>> imported = new HashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      String entry = hosts.get(i);
      String entryPath = Paths.index(path, i);
      int slash = entry.indexOf('/');
      if (slash < 0) {
        p.error(entryPath, "must have the form namespace/host, such as ./* or istio-system/*.example.com, got \""
            + entry + "\"");
        continue;
      }
      String ns = entry.substring(0, slash);
      String host = entry.substring(slash + 1);
      if (ns.isEmpty() || host.isEmpty()) {
        p.error(entryPath, "namespace and host must not be empty, got \"" + entry + "\"");
        continue;
      }
      // "~ns/host" and "~/host" subtract hosts from what the other entries import.
      boolean exclusion = ns.startsWith("~") && (ns.length() > 1 || !host.equals("*"));
      String namespaceName = ns.startsWith("~") ? ns.substring(1) : ns;
      if (!namespaceName.isEmpty() && !namespaceName.equals("*") && !namespaceName.equals(".")
          && !ServiceEntryRules.isLabel(namespaceName)) {
        p.error(entryPath, "invalid namespace \"" + ns + "\": use ., *, ~ or a namespace name");
      }
      hostPart(host, entryPath, p);
      if (!exclusion) {
        duplicateImport(ns.equals(".") ? namespace : ns, host, entry, imported, entryPath, p);
      }
    }
    Set<String> everything = imported.get("*");
    if (everything != null && everything.contains("*") && imported.size() > 1) {
      p.warning(path, "\"*/*\" imports every host, so the other entries add nothing");
    }
  }

  private static void hostPart(String host, String path, Problems p) {
    if (!host.equals("*") && !host.contains(".")) {
      p.error(path, "short name \"" + host + "\" is not allowed; write the full name, such as "
          + host + ".default.svc.cluster.local");
    } else if (host.contains("*") && !host.equals("*") && !host.startsWith("*.")) {
      p.error(path, "partial wildcard \"" + host + "\" is not allowed; use a whole first label, such as *.example.com");
    } else {
      DestinationRuleValidator.host(host, path, p, true);
    }
  }

  private static void duplicateImport(String ns, String host, String entry, Map<String, Set<String>> imported,
      String path, Problems p) {
    Set<String> hosts = imported.computeIfAbsent(ns, k -> new HashSet<>());
    boolean duplicate = host.equals("*") ? !hosts.isEmpty() : hosts.contains(host) || hosts.contains("*");
    if (duplicate) {
      p.warning(path, "duplicate egress host \"" + entry + "\": an earlier entry already imports it");
    }
    hosts.add(host);
  }

  private static void outboundTrafficPolicy(OutboundTrafficPolicy policy, String path, Problems p) {
    if (policy == null || policy.egressProxy() == null) {
      return;
    }
    String proxyPath = Paths.field(path, "egressProxy");
    if (policy.modeOrDefault() != OutboundTrafficPolicy.Mode.ALLOW_ANY) {
      p.error(proxyPath, "requires mode ALLOW_ANY, got " + policy.modeOrDefault()
          + (policy.mode() == null ? " (the default when mode is absent)" : ""));
      return;
    }
    Destination proxy = policy.egressProxy();
    String hostPath = Paths.field(proxyPath, "host");
    if (proxy.host() == null || proxy.host().isEmpty()) {
      p.error(hostPath, "required");
    } else {
      report(ServiceEntryRules.fqdnProblem(proxy.host()), hostPath, p);
    }
    if (proxy.subset() != null && !proxy.subset().isEmpty() && !ServiceEntryRules.isLabel(proxy.subset())) {
      p.error(Paths.field(proxyPath, "subset"), "invalid subset name \"" + proxy.subset() + "\"");
    }
    if (proxy.port() == null || proxy.port().number() == null) {
      p.error(Paths.field(proxyPath, "port"), "required: the egress proxy's port number");
    } else {
      Validation.port(proxy.port().number(), Paths.field(Paths.field(proxyPath, "port"), "number"), p);
    }
  }

  static void report(String problem, String path, Problems p) {
    if (problem != null) {
      p.error(path, problem);
    }
  }
}

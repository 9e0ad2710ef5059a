package io.meshlet.config.internal;

import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.ServiceEntry;
import io.meshlet.config.model.ServiceEntry.Resolution;
import io.meshlet.config.model.ServicePort;
import io.meshlet.config.model.WorkloadEntry;
import io.meshlet.config.model.WorkloadSelector;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Istio's validation of a ServiceEntry (hosts, addresses, ports, resolution against endpoints,
 * workload selector, {@code exportTo}) and of a WorkloadEntry, which is also the shape of each
 * ServiceEntry endpoint.
 */
final class ServiceEntryValidator {
  private static final int MAX_HOSTS = 256;

  /** What an endpoint address may be, which depends on where it is written. */
  private enum AddressRule {
    /** A WorkloadEntry resource: an IP, a DNS name or a Unix socket; empty if a network is set. */
    WORKLOAD,
    /** A STATIC ServiceEntry endpoint: an IP or a Unix socket. */
    STATIC,
    /** A DNS or DNS_ROUND_ROBIN ServiceEntry endpoint: an IP or a DNS name. */
    DNS
  }

  private ServiceEntryValidator() {}

  static void validate(ServiceEntry spec, ObjectMeta meta, String path, Problems p) {
    WorkloadSelector selector = spec.workloadSelector();
    String selectorPath = Paths.field(path, "workloadSelector");
    if (selector != null) {
      Validation.selectorLabels(selector.labels(), Paths.field(selectorPath, "labels"), p);
      if (selector.labels().isEmpty()) {
        p.warning(selectorPath, "has no labels, so it selects every workload in the namespace");
      }
      if (!spec.endpoints().isEmpty()) {
        p.error(selectorPath, "cannot be set together with endpoints; use one or the other");
      }
    }
    Resolution resolution = spec.resolutionOrDefault();
    hosts(spec.hosts(), Paths.field(path, "hosts"), p);
    addresses(spec.addresses(), resolution, Paths.field(path, "addresses"), p);
    Set<String> portNames = ports(spec.ports(), resolution, Paths.field(path, "ports"), p);
    String endpointsPath = Paths.field(path, "endpoints");
    List<WorkloadEntry> endpoints = spec.endpoints();
    switch (resolution) {
      case NONE, DYNAMIC_DNS -> {
        if (!endpoints.isEmpty()) {
          p.error(endpointsPath, "must be empty with resolution " + resolution + ": traffic goes to "
              + (resolution == Resolution.NONE ? "the address the client called"
                  : "each request's host, resolved by DNS"));
        }
      }
      case STATIC -> {
        for (int i = 0; i < endpoints.size(); i++) {
          endpoint(endpoints.get(i), portNames, AddressRule.STATIC, Paths.index(endpointsPath, i), p);
        }
      }
      case DNS, DNS_ROUND_ROBIN -> {
        if (endpoints.isEmpty()) {
          for (int i = 0; i < spec.hosts().size(); i++) {
            String host = spec.hosts().get(i);
            if (!host.equals("*") && ServiceEntryRules.fqdnProblem(host) != null) {
              p.error(Paths.index(Paths.field(path, "hosts"), i), "must be a DNS name without wildcard when resolution "
                  + "is " + resolution + " and there are no endpoints, since the host itself is resolved; got \""
                  + host + "\"");
            }
          }
        }
        if (resolution == Resolution.DNS_ROUND_ROBIN && endpoints.size() > 1) {
          p.error(endpointsPath, "resolution DNS_ROUND_ROBIN allows at most one endpoint, got " + endpoints.size());
        }
        for (int i = 0; i < endpoints.size(); i++) {
          endpoint(endpoints.get(i), portNames, AddressRule.DNS, Paths.index(endpointsPath, i), p);
        }
      }
      default -> throw new IllegalStateException("unknown resolution " + resolution);
    }
    if (selector != null && resolution != Resolution.STATIC) {
      p.warning(selectorPath, "should not be set with resolution " + resolution
          + " (Istio warns the same): selected workloads are meant to be STATIC endpoints");
    }
    if (resolution != Resolution.NONE && spec.hosts().size() > 1) {
      multipleHostsNeedHttpOrTls(spec.ports(), resolution, Paths.field(path, "ports"), p);
    }
    DestinationRuleValidator.exportTo(spec.exportTo(), meta.namespace(), true, false, Paths.field(path, "exportTo"), p);
  }

  /** A WorkloadEntry resource. */
  static void validateWorkloadEntry(WorkloadEntry spec, String path, Problems p) {
    endpoint(spec, null, AddressRule.WORKLOAD, path, p);
  }

  private static void hosts(List<String> hosts, String path, Problems p) {
    if (hosts.isEmpty()) {
      p.error(path, "required: at least one host name, such as api.example.com");
    } else if (hosts.size() > MAX_HOSTS) {
      p.error(path, "at most " + MAX_HOSTS + " hosts are allowed, got " + hosts.size());
    }
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(i);
      String hostPath = Paths.index(path, i);
      DestinationRuleValidator.host(host, hostPath, p, false);
      if (host.contains("*") && !host.equals("*") && !host.startsWith("*.")) {
        p.warning(hostPath, "partial wildcard \"" + host + "\": Istio supports a wildcard only as a whole first "
            + "label, such as *.example.com");
      }
    }
  }

  private static void addresses(List<String> addresses, Resolution resolution, String path, Problems p) {
    for (int i = 0; i < addresses.size(); i++) {
      String address = addresses.get(i);
      String problem = ServiceEntryRules.ipOrCidrProblem(address);
      if (problem != null) {
        p.error(Paths.index(path, i), problem);
      } else if (address.contains("/") && resolution != Resolution.NONE && resolution != Resolution.STATIC) {
        p.error(Paths.index(path, i), "CIDR addresses are allowed only with resolution NONE or STATIC, got "
            + resolution);
      }
    }
    if (!addresses.isEmpty()) {
      p.warning(path, "has no effect in-process: Meshlet matches calls by their host before any connection is "
          + "made, so a virtual IP matters only when the application calls it as the host");
    }
  }

  /** Validates the ports and returns their names, which endpoint port maps refer to. */
  private static Set<String> ports(List<ServicePort> ports, Resolution resolution, String path, Problems p) {
    Set<String> names = new LinkedHashSet<>();
    Map<Integer, Integer> firstByNumber = new HashMap<>();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort port = ports.get(i);
      String itemPath = Paths.index(path, i);
      String namePath = Paths.field(itemPath, "name");
      if (port.name() == null || port.name().isEmpty()) {
        p.error(namePath, "required: endpoints and routes refer to the port by name");
      } else if (!names.add(port.name())) {
        p.error(namePath, "duplicate port name \"" + port.name() + "\"");
      } else {
        report(ServiceEntryRules.portNameProblem(port.name()), namePath, p);
      }
      String numberPath = Paths.field(itemPath, "number");
      if (port.number() == null) {
        p.error(numberPath, "required");
      } else {
        Integer first = firstByNumber.putIfAbsent(port.number(), i);
        if (first != null) {
          p.error(numberPath, "duplicate port number " + port.number() + ", already used by "
              + Paths.index("ports", first));
        } else {
          Validation.port(port.number(), numberPath, p);
        }
      }
      String protocolPath = Paths.field(itemPath, "protocol");
      if (port.protocol() != null) {
        report(ServiceEntryRules.protocolProblem(port.protocol()), protocolPath, p);
        if (ServiceEntryRules.isNonHttp(port.protocol())) {
          p.warning(protocolPath, "has no effect in-process: Meshlet manages HTTP requests only, so "
              + port.protocol() + " traffic to this port bypasses it");
        }
      }
      if (port.targetPort() != null && port.targetPort() != 0) {
        Validation.port(port.targetPort(), Paths.field(itemPath, "targetPort"), p);
        if (resolution == Resolution.NONE) {
          p.warning(Paths.field(itemPath, "targetPort"),
              "has no effect with resolution NONE: traffic goes to the port the client called");
        }
      }
    }
    return names;
  }

  private static void multipleHostsNeedHttpOrTls(List<ServicePort> ports, Resolution resolution, String path,
      Problems p) {
    for (int i = 0; i < ports.size(); i++) {
      String protocol = ports.get(i).protocol();
      if (!ServiceEntryRules.isHttp(protocol) && !ServiceEntryRules.isTls(protocol)) {
        String itemPath = Paths.index(path, i);
        p.error(protocol == null ? itemPath : Paths.field(itemPath, "protocol"), "with several hosts and resolution "
            + resolution + " every port must be HTTP or TLS, since plain TCP cannot tell the hosts apart; got "
            + (protocol == null ? "no protocol" : protocol));
        return;
      }
    }
  }

  /** A WorkloadEntry, or an endpoint of a ServiceEntry whose port names are {@code servicePorts}. */
  private static void endpoint(WorkloadEntry we, Set<String> servicePorts, AddressRule rule, String path, Problems p) {
    String addressPath = Paths.field(path, "address");
    String address = we.address() == null ? "" : we.address();
    boolean unix = address.startsWith(ServiceEntryRules.UNIX_PREFIX);
    if (rule == AddressRule.DNS) {
      if (!ServiceEntryRules.isIpAddress(address) && ServiceEntryRules.fqdnProblem(address) != null) {
        p.error(addressPath, address.isEmpty() ? "required: an IP address or a DNS name"
            : "must be an IP address or a DNS name with resolution DNS, got \"" + address + "\"");
      }
    } else if (address.isEmpty()) {
      if (we.network() == null || we.network().isEmpty()) {
        p.error(addressPath, "required: an IP address" + (rule == AddressRule.WORKLOAD ? ", a DNS name" : "")
            + " or unix:///path (may be empty only when network is set)");
        return;
      }
      p.warning(addressPath, "is empty: Istio reaches such an endpoint through the gateway of network \""
          + we.network() + "\"; Meshlet cannot send traffic to an endpoint without an address");
    } else if (unix) {
      report(ServiceEntryRules.unixPathProblem(address.substring(ServiceEntryRules.UNIX_PREFIX.length())),
          addressPath, p);
      if (!we.ports().isEmpty()) {
        p.error(Paths.field(path, "ports"), "must be empty for a Unix domain socket address (" + address + ")");
      }
    } else if (!ServiceEntryRules.isIpAddress(address)) {
      if (rule == AddressRule.STATIC) {
        p.error(addressPath, "must be an IP address or unix:///path with resolution STATIC, got \"" + address
            + "\"; use resolution DNS for host names");
      } else if (ServiceEntryRules.fqdnProblem(address) != null) {
        p.error(addressPath, "must be an IP address, a DNS name or unix:///path, got \"" + address + "\"");
      }
    }
    for (Map.Entry<String, Integer> port : we.ports().entrySet()) {
      String portPath = Paths.key(Paths.field(path, "ports"), port.getKey());
      if (servicePorts != null && !servicePorts.contains(port.getKey())) {
        p.error(portPath, "names no port of the ServiceEntry; its ports are " + String.join(", ", servicePorts));
      }
      report(ServiceEntryRules.portNameProblem(port.getKey()), portPath, p);
      Validation.port(port.getValue(), portPath, p);
    }
    Validation.labels(we.labels(), Paths.field(path, "labels"), p);
    if (unix && rule != AddressRule.DNS && servicePorts != null && servicePorts.size() != 1) {
      p.error(addressPath, "a Unix domain socket endpoint needs exactly one service port, the ServiceEntry has "
          + servicePorts.size());
    }
    TrafficPolicyValidator.nonNegative(we.weight(), Paths.field(path, "weight"), p);
  }

  private static void report(String problem, String path, Problems p) {
    if (problem != null) {
      p.error(path, problem);
    }
  }
}

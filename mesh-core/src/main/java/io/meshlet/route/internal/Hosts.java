package io.meshlet.route.internal;

import java.util.List;
import java.util.Locale;

/** Istio's host-name rules ({@code pkg/config/host}, {@code ResolveShortnameToFQDN}, alternate domains). */
final class Hosts {
  /** The cluster's DNS suffix; Istio's default {@code cluster.local}. */
  static final String CLUSTER_DOMAIN = "svc.cluster.local";

  private Hosts() {}

  /**
   * A host as Istio reads it in a rule of {@code namespace}: a name without a dot becomes
   * {@code name.namespace.svc.cluster.local}; names with a dot, {@code *} and IP addresses stay as written.
   */
  static String resolveShortName(String host, String namespace) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.isEmpty() || h.equals("*") || h.indexOf('.') >= 0 || h.indexOf(':') >= 0) {
      return h;
    }
    return h + "." + namespace + "." + CLUSTER_DOMAIN;
  }

  static boolean isWildcard(String host) {
    return host.startsWith("*");
  }

  /** Whether two names overlap, either one possibly a wildcard ({@code host.Name.Matches}). */
  static boolean matches(String a, String b) {
    boolean aw = isWildcard(a);
    boolean bw = isWildcard(b);
    if (aw && bw) {
      return a.length() < b.length() ? b.substring(1).endsWith(a.substring(1)) : a.substring(1).endsWith(b.substring(1));
    }
    if (aw) {
      return b.endsWith(a.substring(1));
    }
    if (bw) {
      return a.endsWith(b.substring(1));
    }
    return a.equals(b);
  }

  /** Whether {@code a} is covered by {@code b} ({@code host.Name.SubsetOf}). */
  static boolean subsetOf(String a, String b) {
    boolean aw = isWildcard(a);
    boolean bw = isWildcard(b);
    if (aw && bw) {
      return a.length() >= b.length() && a.substring(1).endsWith(b.substring(1));
    }
    if (aw) {
      return false;
    }
    if (bw) {
      return a.endsWith(b.substring(1));
    }
    return a.equals(b);
  }

  /** Whether {@code a} is strictly more specific than {@code b}: exact beats wildcard, a longer wildcard beats a shorter. */
  static boolean moreSpecific(String a, String b) {
    boolean aw = isWildcard(a);
    boolean bw = isWildcard(b);
    if (aw != bw) {
      return !aw;
    }
    return aw && a.length() > b.length();
  }

  /**
   * The short names a client in {@code clientNamespace} may use for a Kubernetes-style host
   * {@code name.ns.svc.cluster.local} (Istio's {@code generateAltVirtualHostsForKubernetesService}):
   * {@code name}, {@code name.ns.svc} and {@code name.ns} from the same namespace; {@code name.ns} and
   * {@code name.ns.svc} from another. Other hosts (ServiceEntry names such as {@code api.example.com})
   * have no alternate names.
   */
  static List<String> alternateNames(String hostname, String clientNamespace) {
    if (!hostname.endsWith("." + CLUSTER_DOMAIN) || isWildcard(hostname)) {
      return List.of();
    }
    int svc = hostname.indexOf(".svc.");
    int dot = hostname.indexOf('.');
    if (svc <= 0 || dot + 1 >= hostname.length() || dot + 1 > svc) {
      return List.of();
    }
    String local = hostname.substring(0, svc);
    if (hostname.substring(dot + 1, svc).equals(clientNamespace)) {
      return List.of(hostname.substring(0, dot), local + ".svc", local);
    }
    return List.of(local, local + ".svc");
  }

  /** Whether a rule or service exported with {@code exportTo} from {@code ownNamespace} is visible in {@code namespace}. */
  static boolean exportedTo(List<String> exportTo, String ownNamespace, String namespace) {
    if (exportTo.isEmpty() || exportTo.contains("*")) {
      return true;
    }
    if (exportTo.contains("~")) {
      return false;
    }
    for (String e : exportTo) {
      if (e.equals(namespace) || (e.equals(".") && ownNamespace.equals(namespace))) {
        return true;
      }
    }
    return false;
  }
}

package io.meshlet.config.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Istio's syntax for the names and addresses that ServiceEntry, WorkloadEntry, Sidecar and
 * DestinationRule share: port names, protocols, IP addresses and CIDR blocks, FQDNs and Unix domain
 * sockets. Each check returns a user-facing problem, or null when the value is fine.
 */
final class ServiceEntryRules {
  /** Prefix of a Unix domain socket address in endpoints, binds and default endpoints. */
  static final String UNIX_PREFIX = "unix://";

  // Istio's DNS-1123 label accepts upper case, unlike Kubernetes' (pkg/config/labels).
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?");
  private static final Set<String> PROTOCOLS = Set.of(
      "HTTP", "HTTPS", "GRPC", "GRPC-WEB", "HTTP2", "HTTP_PROXY", "MONGO", "MYSQL", "REDIS", "TCP", "TLS", "UDP");
  private static final Set<String> HTTP_PROTOCOLS = Set.of("HTTP", "HTTP2", "HTTP_PROXY", "GRPC", "GRPC-WEB");
  /** Protocols whose traffic is not HTTP requests an application makes, so Meshlet never sees it. */
  private static final Set<String> NON_HTTP_PROTOCOLS = Set.of("TCP", "TLS", "MONGO", "MYSQL", "REDIS", "UDP");

  private ServiceEntryRules() {}

  /** A DNS-1123 label as Istio checks it: letters (either case), digits and '-', at most 63 characters. */
  static boolean isLabel(String s) {
    return s != null && s.length() <= 63 && LABEL.matcher(s).matches();
  }

  /** Port names are DNS-1123 labels. */
  static String portNameProblem(String name) {
    return isLabel(name) ? null
        : "invalid port name \"" + name + "\": use letters, digits and '-', at most 63 characters, such as http-api";
  }

  /** The protocol's canonical (upper-case) name, or null when Istio does not know it. */
  static String protocol(String protocol) {
    String upper = protocol.toUpperCase(Locale.ROOT);
    return PROTOCOLS.contains(upper) ? upper : null;
  }

  static String protocolProblem(String protocol) {
    return protocol(protocol) != null ? null : "unsupported protocol \"" + protocol
        + "\"; use one of HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, HTTP_PROXY, MONGO, MYSQL, REDIS, TCP, TLS or UDP";
  }

  /** HTTP, HTTP2, HTTP_PROXY, GRPC or GRPC-WEB (Istio's {@code IsHTTP}). */
  static boolean isHttp(String protocol) {
    return protocol != null && HTTP_PROTOCOLS.contains(protocol.toUpperCase(Locale.ROOT));
  }

  /** HTTPS or TLS (Istio's {@code IsTLS}). */
  static boolean isTls(String protocol) {
    String upper = protocol == null ? "" : protocol.toUpperCase(Locale.ROOT);
    return upper.equals("HTTPS") || upper.equals("TLS");
  }

  /** A protocol whose traffic is not HTTP requests, so an in-process mesh never sees it. */
  static boolean isNonHttp(String protocol) {
    return protocol != null && NON_HTTP_PROTOCOLS.contains(protocol.toUpperCase(Locale.ROOT));
  }

  /** An IPv4 or IPv6 literal, as Go's {@code netip.ParseAddr} reads it. Never resolves names. */
  static boolean isIpAddress(String s) {
    return s != null && (isIpv4(s) || isIpv6(s));
  }

  /** An IP address or, with one '/', a CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}). */
  static String ipOrCidrProblem(String s) {
    int slash = s.indexOf('/');
    if (slash >= 0 && slash == s.lastIndexOf('/')) {
      String ip = s.substring(0, slash);
      String bits = s.substring(slash + 1);
      boolean v4 = isIpv4(ip);
      boolean ok = (v4 || (isIpv6(ip) && !ip.contains("%"))) && isDecimalUpTo3(bits)
          && Integer.parseInt(bits) <= (v4 ? 32 : 128);
      return ok ? null : "invalid CIDR block \"" + s + "\"; write an address and a prefix length, such as 10.0.0.0/16";
    }
    return isIpAddress(s) ? null : "invalid IP address \"" + s + "\"; write an IPv4 or IPv6 address, such as 10.0.0.1";
  }

  /**
   * A fully qualified name as Istio's {@code ValidateFQDN} accepts it: DNS-1123 labels joined by
   * dots, an optional trailing dot, and a top-level label that is not all digits. Wildcards are not
   * allowed.
   */
  static String fqdnProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "must not be empty";
    }
    if (name.length() > 255) {
      return "\"" + name + "\" is longer than 255 characters";
    }
    String[] labels = name.split("\\.", -1);
    int last = labels.length - 1;
    if (labels.length > 1 && labels[last].isEmpty()) {
      last--;
    }
    if (numericTopLevel(name)) {
      return "\"" + name + "\" is not a DNS name: its last label \"" + labels[last] + "\" is all digits";
    }
    for (int i = 0; i <= last; i++) {
      if (!isLabel(labels[i])) {
        return "\"" + name + "\" is not a DNS name: label \"" + labels[i] + "\" is invalid";
      }
    }
    return null;
  }

  /** Whether a dotted name ends in an all-digit label, as an IPv4 address does; Istio rejects such hosts. */
  static boolean numericTopLevel(String name) {
    String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    int dot = trimmed.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    String top = trimmed.substring(dot + 1);
    return !top.isEmpty() && top.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** The part of a {@code unix://} address after the prefix: an absolute file path or {@code @abstract}. */
  static String unixPathProblem(String path) {
    if (path.isEmpty()) {
      return "a Unix domain socket address must not be empty after unix://";
    }
    if (path.startsWith("@")) {
      return null;
    }
    if (!path.startsWith("/")) {
      return "must be an absolute socket path (unix:///path) or an abstract socket (unix://@name), got \""
          + UNIX_PREFIX + path + "\"";
    }
    if (path.endsWith("/")) {
      return "must name a socket file, not a directory, got \"" + UNIX_PREFIX + path + "\"";
    }
    return null;
  }

  private static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      // Go's parser rejects leading zeros, which some tools read as octal.
      if (!isDecimalUpTo3(part) || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code 0|[1-9][0-9]{0,2}} without a regex (every endpoint address of a large mesh passes through
   * here): one to three digits and no leading zero.
   */
  private static boolean isDecimalUpTo3(String s) {
    int n = s.length();
    if (n == 0 || n > 3 || (n > 1 && s.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String s) {
    String h = s;
    int zone = h.indexOf('%');
    if (zone >= 0) {
      if (zone == h.length() - 1) {
        return false;
      }
      h = h.substring(0, zone);
    }
    int lastColon = h.lastIndexOf(':');
    if (lastColon < 0) {
      return false;
    }
    if (h.indexOf('.', lastColon) >= 0) {
      // An embedded IPv4 tail takes the place of the last two groups.
      if (!isIpv4(h.substring(lastColon + 1))) {
        return false;
      }
      h = h.substring(0, lastColon + 1) + "0:0";
    }
    int gap = h.indexOf("::");
    if (gap < 0) {
      return groups(h) == 8;
    }
    if (h.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    int left = h.substring(0, gap).isEmpty() ? 0 : groups(h.substring(0, gap));
    int right = h.substring(gap + 2).isEmpty() ? 0 : groups(h.substring(gap + 2));
    return left >= 0 && right >= 0 && left + right <= 7;
  }

  /** The number of colon-separated groups of 1–4 hex digits, or -1 if any group is malformed. */
  private static int groups(String s) {
    String[] parts = s.split(":", -1);
    for (String part : parts) {
      if (!part.matches("[0-9A-Fa-f]{1,4}")) {
        return -1;
      }
    }
    return parts.length;
  }
}

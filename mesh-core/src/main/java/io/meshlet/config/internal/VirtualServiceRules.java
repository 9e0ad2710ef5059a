package io.meshlet.config.internal;

import io.meshlet.config.model.Destination;
import io.meshlet.config.model.Percent;
import io.meshlet.config.model.StringMatch;
import io.meshlet.config.model.VirtualService;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Field rules shared by the VirtualService and Gateway validators, written after Istio's
 * {@code pkg/config/validation}: its host grammar (DNS-1123 labels of either case, a leading
 * wildcard label, a trailing dot, no all-numeric top-level domain), gateway references, durations,
 * percentages, string matches and weighted destinations.
 */
final class VirtualServiceRules {
  /** Istio's label grammar accepts upper case, unlike Kubernetes names. */
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?");
  private static final Pattern WILDCARD_LABEL =
      Pattern.compile("\\*|(?:\\*|\\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?");
  /** Envoy's program-size limit for RE2 cannot be computed here; Istio bounds the length instead. */
  private static final int MAX_REGEX_LENGTH = 1024;
  private static final Duration ONE_MS = Duration.ofMillis(1);

  private VirtualServiceRules() {}

  /** A DNS-1123 label as Istio checks it: letters of either case, digits and '-', at most 63 characters. */
  static boolean isLabel(String s) {
    return s != null && s.length() <= 63 && LABEL.matcher(s).matches();
  }

  /** Why {@code domain} is not an FQDN Istio accepts, or null when it is. */
  static String fqdnError(String domain) {
    String pre = preconditions(domain);
    return pre != null ? pre : labelsError(domain, domain);
  }

  /** Why {@code domain} is not a host Istio accepts ({@code *}, {@code *.suffix} or an FQDN), or null. */
  static String wildcardDomainError(String domain) {
    String pre = preconditions(domain);
    if (pre != null) {
      return pre;
    }
    int dot = domain.indexOf('.');
    String first = dot < 0 ? domain : domain.substring(0, dot);
    if (first.length() > 63 || !WILDCARD_LABEL.matcher(first).matches()) {
      return "invalid host \"" + domain + "\": label \"" + first + "\" is not a DNS-1123 label";
    }
    return dot < 0 ? null : labelsError(domain, domain.substring(dot + 1));
  }

  private static String preconditions(String domain) {
    if (domain == null || domain.isEmpty()) {
      return "must not be empty";
    }
    if (domain.length() > 255) {
      return "host is longer than 255 characters";
    }
    return null;
  }

  private static String labelsError(String domain, String rest) {
    String[] labels = rest.split("\\.", -1);
    String top = labels[labels.length - 1];
    if (!top.isEmpty() && top.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "invalid host \"" + domain + "\": the top-level domain \"" + top + "\" cannot be all digits";
    }
    for (int i = 0; i < labels.length; i++) {
      // A trailing dot ("istio.io.") names the same host unambiguously.
      if (i == labels.length - 1 && labels[i].isEmpty()) {
        return null;
      }
      if (!isLabel(labels[i])) {
        return "invalid host \"" + domain + "\": label \"" + labels[i] + "\" is not a DNS-1123 label";
      }
    }
    return null;
  }

  /** Whether {@code a} and {@code b} can name the same host (Istio's {@code host.Name.Matches}). */
  static boolean hostsOverlap(String a, String b) {
    boolean aWild = a.startsWith("*");
    boolean bWild = b.startsWith("*");
    if (aWild && bWild) {
      return a.length() < b.length() ? b.substring(1).endsWith(a.substring(1)) : a.substring(1).endsWith(b.substring(1));
    }
    if (aWild) {
      return b.endsWith(a.substring(1));
    }
    if (bWild) {
      return a.endsWith(b.substring(1));
    }
    return a.equals(b);
  }

  /** Whether every host {@code inner} names is also named by {@code outer} (Istio's {@code host.Name.SubsetOf}). */
  static boolean hostWithin(String inner, String outer) {
    if (inner.startsWith("*")) {
      return outer.startsWith("*") && inner.substring(1).endsWith(outer.substring(1));
    }
    return outer.startsWith("*") ? inner.endsWith(outer.substring(1)) : inner.equals(outer);
  }

  /** An IPv4 or IPv6 literal as Go's {@code netip.ParseAddr} reads it (no leading zeros, optional IPv6 zone). */
  static boolean isIpAddress(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    if (s.indexOf(':') < 0) {
      return isIpv4(s);
    }
    int zone = s.indexOf('%');
    if (zone == s.length() - 1) {
      return false;
    }
    return isIpv6(zone < 0 ? s : s.substring(0, zone));
  }

  /** An IP address, or a CIDR block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}. */
  static boolean isIpOrCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return isIpAddress(s);
    }
    String address = s.substring(0, slash);
    String bits = s.substring(slash + 1);
    boolean v6 = address.indexOf(':') >= 0;
    if (!(v6 ? isIpv6(address) : isIpv4(address)) || bits.isEmpty() || bits.length() > 3
        || !bits.chars().allMatch(c -> c >= '0' && c <= '9') || (bits.length() > 1 && bits.charAt(0) == '0')) {
      return false;
    }
    return Integer.parseInt(bits) <= (v6 ? 128 : 32);
  }

  private static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || (part.length() > 1 && part.charAt(0) == '0') || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    if (gap < 0) {
      return groups(s, true) == 8;
    }
    int head = groups(s.substring(0, gap), false);
    int tail = groups(s.substring(gap + 2), true);
    return head >= 0 && tail >= 0 && head + tail <= 7;
  }

  /** The number of 16-bit groups in a colon-separated run, an embedded IPv4 tail counting two; -1 if malformed. */
  private static int groups(String run, boolean mayEndWithIpv4) {
    if (run.isEmpty()) {
      return 0;
    }
    String[] parts = run.split(":", -1);
    int count = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i == parts.length - 1 && mayEndWithIpv4 && part.indexOf('.') >= 0) {
        if (!isIpv4(part)) {
          return -1;
        }
        count += 2;
      } else if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return -1;
      } else {
        count++;
      }
    }
    return count;
  }

  /** Whether a VirtualService or match block with this {@code gateways} list applies to sidecars, and so in-process. */
  static boolean appliesToMesh(List<String> gateways) {
    return gateways.isEmpty() || gateways.contains(VirtualService.MESH_GATEWAY);
  }

  /** Gateway references: {@code ns/name}, or a bare name (FQDN-shaped, {@code mesh} included). */
  static void gatewayNames(List<String> gateways, String path, Problems p) {
    for (int i = 0; i < gateways.size(); i++) {
      String name = gateways.get(i);
      String itemPath = Paths.index(path, i);
      int slash = name.indexOf('/');
      if (slash < 0) {
        String error = fqdnError(name);
        if (error != null) {
          p.error(itemPath, "invalid gateway name \"" + name + "\": write <namespace>/<name>, or mesh");
        } else if (name.contains(".")) {
          String[] parts = name.split("\\.", -1);
          p.warning(itemPath, "legacy gateway name format \"" + name + "\"; prefer <namespace>/<name>: \""
              + parts[1] + "/" + parts[0] + "\"");
        }
        continue;
      }
      String namespace = name.substring(0, slash);
      String gateway = name.substring(slash + 1);
      if (namespace.isEmpty() || gateway.isEmpty()) {
        p.error(itemPath, "namespace and gateway name must not be empty, got \"" + name + "\"");
      } else if (!isLabel(namespace)) {
        p.error(itemPath, "invalid namespace \"" + namespace + "\" in \"" + name + "\": must be a DNS-1123 label");
      } else if (!isLabel(gateway)) {
        p.error(itemPath, "invalid gateway name \"" + gateway + "\" in \"" + name + "\": must be a DNS-1123 label");
      }
    }
  }

  /** A duration Envoy accepts: at least 1ms, in whole milliseconds. */
  static void duration(Duration d, String path, Problems p) {
    if (d == null) {
      return;
    }
    if (d.compareTo(ONE_MS) < 0) {
      p.error(path, "must be at least 1ms, got " + Durations.format(d));
    } else if (d.toNanos() % 1_000_000 != 0) {
      p.error(path, "must be a whole number of milliseconds, got " + Durations.format(d));
    }
  }

  /** A fault percentage: 0, or 0.0001 to 100 (Envoy counts in parts per million). */
  static void faultPercentage(Percent percent, String path, Problems p) {
    if (percent == null || percent.value() == null) {
      return;
    }
    double v = percent.value();
    if (v < 0 || v > 100 || (v > 0 && v < 0.0001)) {
      p.error(Paths.field(path, "value"), "must be 0 or between 0.0001 and 100, got " + Validation.trim(v));
    }
  }

  /** A plain 0–100 share, as Istio checks mirror percentages. */
  static void share(Double value, String path, Problems p) {
    if (value != null && (value < 0 || value > 100)) {
      p.error(path, "must be between 0 and 100, got " + Validation.trim(value));
    }
  }

  /** A port number 1–65535. */
  static void port(Integer port, String path, Problems p) {
    if (port != null && (port < 1 || port > 65535)) {
      p.error(path, "must be between 1 and 65535, got " + port);
    }
  }

  /**
   * A StringMatch: at most one of exact, prefix, regex (a protobuf oneof), a non-empty prefix unless
   * {@code emptyPrefixOk} (Envoy allows it only for paths), and a regex RE2 compiles.
   * {@code starMeansPresent} accepts {@code regex: "*"}, which Istio reads as "header present".
   */
  static void stringMatch(StringMatch m, String path, Problems p, boolean emptyPrefixOk, boolean starMeansPresent) {
    if (m == null) {
      return;
    }
    int set = (m.exact() != null ? 1 : 0) + (m.prefix() != null ? 1 : 0) + (m.regex() != null ? 1 : 0);
    if (set > 1) {
      p.error(path, "only one of exact, prefix or regex may be set");
      return;
    }
    if (m.prefix() != null && m.prefix().isEmpty() && !emptyPrefixOk) {
      p.error(Paths.field(path, "prefix"), "must not be empty");
    }
    if (m.regex() != null && !(starMeansPresent && m.regex().equals("*"))) {
      regex(m.regex(), Paths.field(path, "regex"), p);
    }
  }

  /** A non-empty RE2 expression of at most 1024 characters that compiles. */
  static void regex(String regex, String path, Problems p) {
    if (regex.isEmpty()) {
      p.error(path, "must not be empty");
    } else if (regex.length() > MAX_REGEX_LENGTH) {
      p.error(path, "regex is " + regex.length() + " characters long; at most " + MAX_REGEX_LENGTH + " are allowed");
    } else {
      Validation.regex(regex, path, p);
    }
  }

  /** A destination: a host that is not {@code *}, a DNS-1123 subset name, a valid port. */
  static void destination(Destination d, String path, Problems p) {
    if (d == null) {
      p.error(path, "required");
      return;
    }
    String hostPath = Paths.field(path, "host");
    if (d.host() == null || d.host().isEmpty()) {
      p.error(hostPath, "required");
    } else if (d.host().equals("*")) {
      p.error(hostPath, "must name a service, not \"*\"");
    } else {
      String error = wildcardDomainError(d.host());
      if (error != null) {
        p.error(hostPath, error);
      }
    }
    if (d.subset() != null && !isLabel(d.subset())) {
      p.error(Paths.field(path, "subset"), "subset name must be a DNS-1123 label (letters, digits, '-'), got \""
          + d.subset() + "\"");
    }
    if (d.port() != null) {
      Integer number = d.port().number();
      if (number == null) {
        p.error(Paths.field(Paths.field(path, "port"), "number"), "required when port is given");
      } else {
        port(number, Paths.field(Paths.field(path, "port"), "number"), p);
      }
    }
  }

  /**
   * Weighted destinations of one route: each valid, no weight below 0, and with several
   * destinations a positive total (weights are relative and need not add up to 100).
   */
  static <T> void weightedDestinations(List<T> route, Function<T, Destination> destination,
      Function<T, Integer> weight, String path, Problems p) {
    long total = 0;
    for (int i = 0; i < route.size(); i++) {
      T entry = route.get(i);
      String entryPath = Paths.index(path, i);
      destination(destination.apply(entry), Paths.field(entryPath, "destination"), p);
      Integer w = weight.apply(entry);
      if (w != null && w < 0) {
        p.error(Paths.field(entryPath, "weight"), "must be >= 0, got " + w);
      } else if (w != null) {
        total += w;
      }
    }
    if (route.size() > 1 && total == 0) {
      p.error(path, "the weights of the " + route.size() + " destinations add up to 0; give at least one a positive weight");
    }
  }
}

package io.meshlet.config.internal;

import com.google.re2j.PatternSyntaxException;
import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.Percent;
import io.meshlet.config.model.StringMatch;
import io.meshlet.internal.Re2;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules shared by the per-kind validators, following Istio's {@code pkg/config/validation}: names,
 * hosts, ports, percentages, durations, regexes, label selectors and {@code exportTo}.
 * Each check reports to {@link Problems} with the field path it was given.
 */
public final class Validation {
  private static final java.util.regex.Pattern DNS1123_LABEL =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final java.util.regex.Pattern LABEL_NAME =
      java.util.regex.Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final java.util.regex.Pattern HOST_LABEL =
      java.util.regex.Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?");

  private Validation() {}

  /** {@code metadata.name} is required and a DNS-1123 subdomain; {@code namespace} a DNS-1123 label. */
  public static void metadata(ObjectMeta meta, String path, Problems p) {
    if (meta.name() == null || meta.name().isEmpty()) {
      p.error(Paths.field(path, "name"), "required");
    } else if (!isDns1123Subdomain(meta.name())) {
      p.error(Paths.field(path, "name"), "must be a lower-case DNS-1123 name (a-z, 0-9, '-', '.'), got \""
          + meta.name() + "\"");
    }
    if (meta.namespace() != null && !isDns1123Label(meta.namespace())) {
      p.error(Paths.field(path, "namespace"), "must be a lower-case DNS-1123 label, got \"" + meta.namespace() + "\"");
    }
    labels(meta.labels(), Paths.field(path, "labels"), p);
  }

  /** Lower-case letters, digits and '-', starting and ending alphanumeric, at most 63 characters. */
  public static boolean isDns1123Label(String s) {
    return s != null && s.length() <= 63 && DNS1123_LABEL.matcher(s).matches();
  }

  /** DNS-1123 labels joined by '.', at most 253 characters. */
  public static boolean isDns1123Subdomain(String s) {
    if (s == null || s.isEmpty() || s.length() > 253) {
      return false;
    }
    for (String label : s.split("\\.", -1)) {
      if (!isDns1123Label(label)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A host as Istio accepts it in {@code hosts} and {@code host} fields: an FQDN or short name, or
   * a wildcard that is {@code *} or starts with {@code *} ({@code *.example.com}).
   */
  public static void wildcardHost(String host, String path, Problems p, boolean allowBareStar) {
    if (host == null || host.isEmpty()) {
      p.error(path, "must not be empty");
      return;
    }
    if (host.equals("*")) {
      if (!allowBareStar) {
        p.error(path, "hostname cannot be wildcard \"*\"");
      }
      return;
    }
    if (host.length() > 255) {
      p.error(path, "host is longer than 255 characters");
      return;
    }
    String rest = host;
    if (host.startsWith("*")) {
      rest = host.substring(1);
      if (rest.startsWith(".")) {
        rest = rest.substring(1);
      }
      if (rest.isEmpty()) {
        return;
      }
    }
    if (!isDomainName(rest)) {
      p.error(path, "invalid host \"" + host + "\": must be a DNS name such as reviews, reviews.prod.svc.cluster.local "
          + "or *.example.com");
    }
  }

  /** A DNS name: labels of letters, digits and '-', each at most 63 characters; a trailing dot is not allowed. */
  public static boolean isDomainName(String s) {
    if (s.isEmpty() || s.length() > 255) {
      return false;
    }
    for (String label : s.split("\\.", -1)) {
      if (label.length() > 63 || !HOST_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /** 1 to 65535. */
  public static void port(Integer port, String path, Problems p) {
    if (port != null && (port < 1 || port > 65535)) {
      p.error(path, "port must be between 1 and 65535, got " + port);
    }
  }

  /** 0 to 100, when set. */
  public static void percent(Percent percent, String path, Problems p) {
    if (percent != null && percent.value() != null && (percent.value() < 0 || percent.value() > 100)) {
      p.error(Paths.field(path, "value"), "must be between 0 and 100, got " + trim(percent.value()));
    }
  }

  /** At least {@code min}, when set. Istio requires most durations to be at least 1ms. */
  public static void duration(Duration d, String path, Problems p, Duration min) {
    if (d != null && d.compareTo(min) < 0) {
      p.error(path, "must be at least " + Durations.format(min) + ", got " + Durations.format(d));
    }
  }

  /** Istio's minimum for most durations. */
  public static final Duration ONE_MS = Duration.ofMillis(1);

  /** An RE2 regular expression that compiles, as Envoy's safe_regex requires. */
  public static void regex(String regex, String path, Problems p) {
    if (regex == null) {
      return;
    }
    try {
      Re2.compile(regex);
    } catch (PatternSyntaxException e) {
      p.error(path, "invalid RE2 regular expression \"" + regex + "\": " + e.getDescription());
    }
  }

  /** Exactly one of exact, prefix, regex; a regex must compile. */
  public static void stringMatch(StringMatch m, String path, Problems p, boolean allowEmpty) {
    if (m == null) {
      return;
    }
    int set = (m.exact() != null ? 1 : 0) + (m.prefix() != null ? 1 : 0) + (m.regex() != null ? 1 : 0);
    if (set > 1) {
      p.error(path, "only one of exact, prefix or regex may be set");
    } else if (set == 0 && !allowEmpty) {
      p.error(path, "one of exact, prefix or regex is required");
    }
    if (m.regex() != null && !m.regex().equals("*")) {
      regex(m.regex(), Paths.field(path, "regex"), p);
    }
  }

  /** Kubernetes label keys and values. */
  public static void labels(Map<String, String> labels, String path, Problems p) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String key = e.getKey();
      String entryPath = Paths.key(path, key);
      String name = key.contains("/") ? key.substring(key.lastIndexOf('/') + 1) : key;
      String prefix = key.contains("/") ? key.substring(0, key.lastIndexOf('/')) : null;
      if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()
          || (prefix != null && !isDns1123Subdomain(prefix))) {
        p.error(entryPath, "invalid label key \"" + key + "\"");
      }
      String value = e.getValue();
      if (value != null && !value.isEmpty() && (value.length() > 63 || !LABEL_NAME.matcher(value).matches())) {
        p.error(entryPath, "invalid label value \"" + value + "\"");
      }
    }
  }

  /** A workload selector's labels: valid labels, and no wildcard, which Istio does not support in selectors. */
  public static void selectorLabels(Map<String, String> labels, String path, Problems p) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (e.getKey().contains("*") || (e.getValue() != null && e.getValue().contains("*"))) {
        p.error(Paths.key(path, e.getKey()), "wildcard is not supported in selector");
        return;
      }
    }
    labels(labels, path, p);
  }

  /** {@code exportTo}: {@code .}, {@code *}, {@code ~} (alone) or namespace names, without duplicates. */
  public static void exportTo(List<String> exportTo, String path, Problems p) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < exportTo.size(); i++) {
      String ns = exportTo.get(i);
      String itemPath = Paths.index(path, i);
      if (!seen.add(ns)) {
        p.error(itemPath, "duplicate entry \"" + ns + "\"");
      } else if (!ns.equals(".") && !ns.equals("*") && !ns.equals("~") && !isDns1123Label(ns)) {
        p.error(itemPath, "must be \".\", \"*\", \"~\" or a namespace name, got \"" + ns + "\"");
      }
    }
    if (seen.contains("~") && exportTo.size() > 1) {
      p.error(path, "\"~\" (export to no namespace) cannot be combined with other entries");
    }
    if (seen.contains("*") && exportTo.size() > 1) {
      p.error(path, "\"*\" (export to every namespace) cannot be combined with other entries");
    }
  }

  /** A number without a trailing {@code .0}. */
  public static String trim(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}

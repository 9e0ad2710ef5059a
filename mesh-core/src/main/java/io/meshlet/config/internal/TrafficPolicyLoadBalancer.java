package io.meshlet.config.internal;

import io.meshlet.config.model.LoadBalancerSettings;
import io.meshlet.config.model.LoadBalancerSettings.ConsistentHashLB;
import io.meshlet.config.model.LoadBalancerSettings.SimpleLB;
import io.meshlet.config.model.LocalityLoadBalancerSetting;
import io.meshlet.config.model.LocalityLoadBalancerSetting.Distribute;
import io.meshlet.config.model.LocalityLoadBalancerSetting.Failover;
import io.meshlet.config.model.WarmupConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Istio's validation of a DestinationRule {@code loadBalancer}: one policy, consistent-hash keys and
 * algorithm (a prime Maglev table), locality settings (distribute weights, failover regions) and
 * slow-start warmup.
 */
final class TrafficPolicyLoadBalancer {
  /** Envoy's bound for a Maglev table: it must be a prime below this. */
  private static final long MAGLEV_LIMIT = 5_000_011L;
  private static final Set<String> TOPOLOGY_LABELS = Set.of(
      "topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone");

  private TrafficPolicyLoadBalancer() {}

  /** {@code outlierSet}: whether the same policy level sets outlierDetection, which failover needs. */
  static void validate(LoadBalancerSettings lb, boolean outlierSet, String path, Problems p) {
    if (lb == null) {
      return;
    }
    int policies = (lb.simple() != null ? 1 : 0) + (lb.consistentHash() != null ? 1 : 0)
        + (lb.backendUtilization() != null ? 1 : 0);
    if (policies > 1) {
      p.error(path, "only one of simple, consistentHash or backendUtilization may be set");
    }
    consistentHash(lb.consistentHash(), Paths.field(path, "consistentHash"), p);
    if (lb.backendUtilization() != null) {
      p.warning(Paths.field(path, "backendUtilization"), "has no effect in-process: Meshlet does not read "
          + "the endpoints' ORCA utilization reports, so endpoints are not weighted by load");
    }
    locality(lb.localityLbSetting(), outlierSet, Paths.field(path, "localityLbSetting"), p);
    if (lb.zoneAwareLbSetting() != null) {
      String zonePath = Paths.field(path, "zoneAwareLbSetting");
      if (lb.localityLbSetting() != null) {
        p.error(zonePath, "cannot be set together with localityLbSetting");
      }
      p.warning(zonePath, "has no effect in-process: Meshlet applies localityLbSetting only");
    }
    warmup(lb, path, p);
  }

  @SuppressWarnings("deprecation")
  private static void warmup(LoadBalancerSettings lb, String path, Problems p) {
    WarmupConfiguration warmup = lb.warmup();
    if (warmup == null) {
      return;
    }
    // The model copies the deprecated warmupDurationSecs into warmup; report on the field written.
    boolean legacyOnly = lb.warmupDurationSecs() != null
        && warmup.equals(new WarmupConfiguration(lb.warmupDurationSecs(), null, null));
    String warmupPath = legacyOnly ? Paths.field(path, "warmupDurationSecs") : Paths.field(path, "warmup");
    if (legacyOnly) {
      TrafficPolicyValidator.duration(warmup.duration(), warmupPath, p);
    } else {
      TrafficPolicyValidator.duration(lb.warmupDurationSecs(), Paths.field(path, "warmupDurationSecs"), p);
      if (warmup.duration() == null) {
        p.error(Paths.field(warmupPath, "duration"),
            "required: how long a new endpoint takes to reach its full share of traffic, such as 60s");
      } else {
        TrafficPolicyValidator.duration(warmup.duration(), Paths.field(warmupPath, "duration"), p);
      }
      Double min = warmup.minimumPercent();
      if (min != null && (min < 0 || min > 100)) {
        p.error(Paths.field(warmupPath, "minimumPercent"), "must be between 0 and 100, got " + Validation.trim(min));
      }
      Double aggression = warmup.aggression();
      // Envoy's slow start takes any positive aggression: above 1 ramps up fast first, below 1 slowly first.
      if (aggression != null && aggression <= 0) {
        p.error(Paths.field(warmupPath, "aggression"),
            "must be greater than 0 (1 ramps up linearly), got " + Validation.trim(aggression));
      }
    }
    String algorithm = lb.consistentHash() != null ? "consistentHash"
        : lb.backendUtilization() != null ? "backendUtilization"
        : lb.simple() == SimpleLB.RANDOM || lb.simple() == SimpleLB.PASSTHROUGH ? "simple: " + lb.simple() : null;
    if (algorithm != null) {
      p.warning(warmupPath, "has no effect with " + algorithm + ": slow start applies to ROUND_ROBIN and "
          + "LEAST_REQUEST only");
    }
  }

  @SuppressWarnings("deprecation")
  private static void consistentHash(ConsistentHashLB ch, String path, Problems p) {
    if (ch == null) {
      return;
    }
    int keys = (ch.httpHeaderName() != null ? 1 : 0) + (ch.httpCookie() != null ? 1 : 0)
        + (ch.useSourceIp() != null ? 1 : 0) + (ch.httpQueryParameterName() != null ? 1 : 0);
    if (keys > 1) {
      p.error(path, "only one hash key may be set: httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName");
    } else if (keys == 0) {
      p.warning(path, "sets no hash key (httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName), "
          + "so every request hashes at random and there is no affinity");
    }
    if (ch.httpCookie() != null && !TrafficPolicyValidator.set(ch.httpCookie().name())) {
      p.error(Paths.field(Paths.field(path, "httpCookie"), "name"), "required: the cookie to hash on");
    }
    if (ch.ringHash() != null && ch.maglev() != null) {
      p.error(path, "only one of ringHash or maglev may be set");
    }
    Long legacyRingSize = ch.minimumRingSize();
    if (legacyRingSize != null && legacyRingSize != 0) {
      // The model copies minimumRingSize into ringHash when no algorithm is chosen.
      boolean conflict = ch.maglev() != null
          || (ch.ringHash() != null && !Objects.equals(ch.ringHash().minimumRingSize(), legacyRingSize));
      if (conflict) {
        p.error(Paths.field(path, "minimumRingSize"), "cannot be combined with ringHash or maglev");
      }
      p.warning(Paths.field(path, "minimumRingSize"), "is deprecated; use ringHash.minimumRingSize");
    }
    TrafficPolicyValidator.nonNegative(legacyRingSize, Paths.field(path, "minimumRingSize"), p);
    if (ch.ringHash() != null && !(legacyRingSize != null && ch.maglev() == null
        && Objects.equals(ch.ringHash().minimumRingSize(), legacyRingSize))) {
      TrafficPolicyValidator.nonNegative(ch.ringHash().minimumRingSize(),
          Paths.field(Paths.field(path, "ringHash"), "minimumRingSize"), p);
    }
    if (ch.maglev() != null) {
      String sizePath = Paths.field(Paths.field(path, "maglev"), "tableSize");
      Long size = ch.maglev().tableSize();
      if (size == null || size == 0) {
        p.error(sizePath, "required for maglev: a prime number below 5000011, such as 65537");
      } else if (size < 0 || size >= MAGLEV_LIMIT) {
        p.error(sizePath, "must be a prime number below 5000011, got " + size);
      } else if (!isPrime(size)) {
        p.error(sizePath, "must be a prime number (such as 65537), got " + size);
      }
    }
  }

  /** Envoy's primality test for Maglev table sizes, which counts 1 as prime. */
  private static boolean isPrime(long x) {
    if (x > 0 && x < 4) {
      return true;
    }
    if ((x & 1) == 0) {
      return false;
    }
    for (long factor = 3; factor * factor <= x; factor += 2) {
      if (x % factor == 0) {
        return false;
      }
    }
    return true;
  }

  private static void locality(LocalityLoadBalancerSetting l, boolean outlierSet, String path, Problems p) {
    if (l == null) {
      return;
    }
    if (!l.distribute().isEmpty() && !l.failover().isEmpty()) {
      p.error(path, "distribute and failover cannot be set together");
      return;
    }
    if (!l.failover().isEmpty()) {
      for (int i = 0; i < l.failoverPriority().size(); i++) {
        String label = l.failoverPriority().get(i);
        if (TOPOLOGY_LABELS.contains(label)) {
          p.error(Paths.index(Paths.field(path, "failoverPriority"), i), "cannot name the topology label \""
              + label + "\" while failover is set: failover already orders regions");
          return;
        }
      }
    }
    List<String> froms = new ArrayList<>();
    List<String> fromPaths = new ArrayList<>();
    for (int i = 0; i < l.distribute().size(); i++) {
      Distribute d = l.distribute().get(i);
      String itemPath = Paths.index(Paths.field(path, "distribute"), i);
      String toPath = Paths.field(itemPath, "to");
      froms.add(d.from() == null ? "" : d.from());
      fromPaths.add(Paths.field(itemPath, "from"));
      long total = 0;
      List<String> tos = new ArrayList<>();
      List<String> toPaths = new ArrayList<>();
      for (Map.Entry<String, Integer> to : d.to().entrySet()) {
        int weight = to.getValue();
        if (weight < 1 || weight > 100) {
          p.error(Paths.key(toPath, to.getKey()), "locality weight must be between 1 and 100, got " + weight);
          return;
        }
        total += weight;
        tos.add(to.getKey());
        toPaths.add(Paths.key(toPath, to.getKey()));
      }
      if (total != 100) {
        p.error(toPath, "locality weights must add up to 100, got " + total);
        return;
      }
      localities(tos, toPaths, p);
    }
    localities(froms, fromPaths, p);
    if (!outlierSet && (!l.failover().isEmpty() || !l.failoverPriority().isEmpty())) {
      p.warning(Paths.field(path, l.failover().isEmpty() ? "failoverPriority" : "failover"),
          "has no effect without outlierDetection at the same level: failover needs it to detect unhealthy endpoints");
    }
    for (int i = 0; i < l.failover().size(); i++) {
      Failover f = l.failover().get(i);
      String itemPath = Paths.index(Paths.field(path, "failover"), i);
      String from = f.from() == null ? "" : f.from();
      String to = f.to() == null ? "" : f.to();
      if (from.equals(to)) {
        p.error(Paths.field(itemPath, "to"), "must be a different region than from, both are \"" + from + "\"");
      }
      if (from.contains("/") || to.contains("/")) {
        p.error(itemPath, "failover names regions only, not zones or subzones: \"" + from + "\" -> \"" + to + "\"");
      }
      if (from.contains("*") || to.contains("*")) {
        p.error(itemPath, "failover regions cannot contain the wildcard '*': \"" + from + "\" -> \"" + to + "\"");
      }
    }
  }

  /**
   * Localities ({@code region/zone/subzone}, a terminal {@code *} allowed) must not overlap: none may
   * be equal to, or contain, one listed before it. Stops at the first problem, as Istio does.
   */
  private static void localities(List<String> localities, List<String> paths, Problems p) {
    List<List<String>> seen = new ArrayList<>();
    List<String> seenText = new ArrayList<>();
    boolean everything = false;
    for (int i = 0; i < localities.size(); i++) {
      String locality = localities.get(i);
      String path = paths.get(i);
      long stars = locality.chars().filter(c -> c == '*').count();
      if (stars > 1 || (stars == 1 && !locality.endsWith("*"))) {
        p.error(path, "the wildcard '*' may appear only once, at the end, got \"" + locality + "\"");
        return;
      }
      if (everything) {
        p.error(path, "locality \"" + locality + "\" overlaps \"*\" listed before it");
        return;
      }
      List<String> parts = new ArrayList<>(List.of(locality.split("/", 3)));
      if (parts.stream().anyMatch(String::isEmpty)) {
        p.error(path, "must not have an empty region, zone or subzone, got \"" + locality + "\"");
        return;
      }
      if (parts.get(parts.size() - 1).equals("*")) {
        parts.remove(parts.size() - 1);
      }
      if (parts.isEmpty()) {
        everything = true;
        continue;
      }
      for (int j = 0; j < seen.size(); j++) {
        List<String> other = seen.get(j);
        int common = Math.min(other.size(), parts.size());
        if (other.subList(0, common).equals(parts.subList(0, common))) {
          p.error(path, "locality \"" + locality + "\" overlaps \"" + seenText.get(j) + "\" listed before it");
          return;
        }
      }
      seen.add(parts);
      seenText.add(locality);
    }
  }
}

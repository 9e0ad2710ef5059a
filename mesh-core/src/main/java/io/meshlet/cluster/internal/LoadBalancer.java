package io.meshlet.cluster.internal;

import io.meshlet.RandomSource;
import io.meshlet.Ticker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's compiled load-balancing policy, and the healthy host sets it balances over. Hosts sit
 * in priority levels (locality failover); each level takes a share of traffic that shrinks as its
 * health drops, with Envoy's overprovisioning factor, and spills the rest to the next level. A level
 * whose healthy share is below the panic threshold balances over all its hosts.
 */
final class LoadBalancer {
  enum Algorithm { ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH, MAGLEV }

  /** Envoy's default overprovisioning factor: a level at 72% health still takes all its traffic. */
  static final double OVERPROVISIONING = 1.4;
  static final long MAX_RING_SIZE = 8L * 1024 * 1024;

  final Algorithm algorithm;
  final HashPolicy hashPolicy;
  private final long minRingSize;
  private final int tableSize;
  private final long warmupNanos;
  private final double warmupMinFraction;
  private final double aggression;
  private final Map<String, Integer> localityWeights;
  private final int panicThreshold;
  private final Ticker ticker;

  /**
   * @param localityWeights weights per locality from {@code distribute}; null when localities are not
   *     weighted
   * @param panicThreshold percent of healthy hosts below which a level panics; 0 never
   */
  LoadBalancer(Algorithm algorithm, HashPolicy hashPolicy, long minRingSize, int tableSize, long warmupNanos,
      double warmupMinPercent, double aggression, Map<String, Integer> localityWeights, int panicThreshold,
      Ticker ticker) {
    this.algorithm = algorithm;
    this.hashPolicy = hashPolicy;
    this.minRingSize = minRingSize;
    this.tableSize = tableSize;
    this.warmupNanos = warmupNanos;
    this.warmupMinFraction = warmupMinPercent / 100.0;
    this.aggression = aggression;
    this.localityWeights = localityWeights;
    this.panicThreshold = panicThreshold;
    this.ticker = ticker;
  }

  boolean hashing() {
    return algorithm == Algorithm.RING_HASH || algorithm == Algorithm.MAGLEV;
  }

  /** The host sets and pickers for the hosts' current health. */
  Snapshot build(HostImpl[] hosts, long version, long now) {
    int levels = 0;
    for (HostImpl h : hosts) {
      levels = Math.max(levels, h.priority + 1);
    }
    List<List<HostImpl>> all = new ArrayList<>();
    List<List<HostImpl>> healthy = new ArrayList<>();
    for (int p = 0; p < levels; p++) {
      all.add(new ArrayList<>());
      healthy.add(new ArrayList<>());
    }
    for (HostImpl h : hosts) {
      all.get(h.priority).add(h);
      if (h.healthy()) {
        healthy.get(h.priority).add(h);
      }
    }
    double[] health = new double[levels];
    double totalHealth = 0;
    boolean[] panic = new boolean[levels];
    for (int p = 0; p < levels; p++) {
      int total = all.get(p).size();
      health[p] = total == 0 ? 0 : Math.min(100, OVERPROVISIONING * 100.0 * healthy.get(p).size() / total);
      totalHealth += health[p];
      panic[p] = total > 0 && 100.0 * healthy.get(p).size() / total < panicThreshold;
    }
    double normalized = Math.min(100, totalHealth);
    double[] load = new double[levels];
    if (levels > 0) {
      distributeLoad(all, health, normalized, panic, load);
    }
    Level[] out = new Level[levels];
    long validUntil = Long.MAX_VALUE;
    for (int p = 0; p < levels; p++) {
      List<HostImpl> set = panic[p] ? all.get(p) : healthy.get(p);
      out[p] = level(set, all.get(p), !panic[p], now);
      validUntil = Math.min(validUntil, out[p].validUntil);
    }
    return new Snapshot(version, validUntil, out, load);
  }

  private void distributeLoad(List<List<HostImpl>> all, double[] health, double normalized, boolean[] panic,
      double[] load) {
    if (normalized == 0 && panicThreshold == 0) {
      // Panic disabled and nothing healthy: P0 takes the traffic and finds no host (503 UH).
      load[0] = 100;
      java.util.Arrays.fill(panic, false);
      return;
    }
    boolean allPanic = true;
    for (int p = 0; p < load.length; p++) {
      panic[p] = panic[p] || normalized == 0;
      allPanic &= panic[p];
    }
    if (allPanic) {
      // Envoy's total panic: every level in proportion to its number of hosts.
      int total = 0;
      for (List<HostImpl> l : all) {
        total += l.size();
      }
      for (int p = 0; p < load.length; p++) {
        load[p] = 100.0 * all.get(p).size() / total;
      }
      return;
    }
    double remaining = 100;
    for (int p = 0; p < load.length; p++) {
      load[p] = Math.min(remaining, health[p] * 100 / normalized);
      remaining -= load[p];
    }
  }

  private Level level(List<HostImpl> set, List<HostImpl> levelHosts, boolean weighLocalities, long now) {
    if (set.isEmpty()) {
      return new Level(null, null, null, Long.MAX_VALUE);
    }
    HostImpl[] hosts = set.toArray(new HostImpl[0]);
    if (localityWeights == null || !weighLocalities || hashing()) {
      return new Level(picker(hosts, now), null, null, slowStartEnd(hosts, now));
    }
    // Locality-weighted: a locality is chosen by weight times availability, then a host in it.
    Map<String, List<HostImpl>> byLocality = new LinkedHashMap<>();
    Map<String, Integer> totals = new LinkedHashMap<>();
    for (HostImpl h : levelHosts) {
      totals.merge(h.locality(), 1, Integer::sum);
    }
    for (HostImpl h : hosts) {
      byLocality.computeIfAbsent(h.locality(), k -> new ArrayList<>()).add(h);
    }
    HostPicker[] pickers = new HostPicker[byLocality.size()];
    double[] cumulative = new double[byLocality.size()];
    double sum = 0;
    int i = 0;
    long validUntil = Long.MAX_VALUE;
    for (Map.Entry<String, List<HostImpl>> e : byLocality.entrySet()) {
      HostImpl[] group = e.getValue().toArray(new HostImpl[0]);
      double availability = Math.min(1.0, OVERPROVISIONING * group.length / totals.get(e.getKey()));
      sum += localityWeights.getOrDefault(e.getKey(), 0) * availability;
      cumulative[i] = sum;
      pickers[i++] = picker(group, now);
      validUntil = Math.min(validUntil, slowStartEnd(group, now));
    }
    return new Level(null, pickers, cumulative, validUntil);
  }

  private HostPicker picker(HostImpl[] hosts, long now) {
    switch (algorithm) {
      case RANDOM:
        return new Pickers.Random(hosts);
      case RING_HASH:
        return new Pickers.RingHash(hosts, hashWeights(hosts), minRingSize, MAX_RING_SIZE);
      case MAGLEV:
        return new Pickers.Maglev(hosts, hashWeights(hosts), tableSize);
      case ROUND_ROBIN:
        return equalWeights(hosts) && slowStartEnd(hosts, now) == Long.MAX_VALUE
            ? new Pickers.RoundRobin(hosts)
            : new Pickers.EarliestDeadlineFirst(hosts, h -> h.weight() * slowStartFactor(h));
      default:
        // Envoy: weight / (active + 1)^bias with the default bias 1.0 when weights differ.
        return equalWeights(hosts) && slowStartEnd(hosts, now) == Long.MAX_VALUE
            ? new Pickers.PowerOfTwoChoices(hosts)
            : new Pickers.EarliestDeadlineFirst(hosts,
                h -> h.weight() * slowStartFactor(h) / (h.state.active.get() + 1));
    }
  }

  /** Host weights on the ring or table, scaled by their locality's weight when localities are weighted. */
  private double[] hashWeights(HostImpl[] hosts) {
    double[] w = new double[hosts.length];
    Map<String, Double> localitySums = new LinkedHashMap<>();
    if (localityWeights != null) {
      for (HostImpl h : hosts) {
        localitySums.merge(h.locality(), (double) h.weight(), Double::sum);
      }
    }
    for (int i = 0; i < hosts.length; i++) {
      w[i] = localityWeights == null ? hosts[i].weight()
          : localityWeights.getOrDefault(hosts[i].locality(), 0) * hosts[i].weight()
              / localitySums.get(hosts[i].locality());
      w[i] = Math.max(w[i], 1e-9);
    }
    return w;
  }

  private static boolean equalWeights(HostImpl[] hosts) {
    for (HostImpl h : hosts) {
      if (h.weight() != hosts[0].weight()) {
        return false;
      }
    }
    return true;
  }

  /** When the last host of this set leaves slow start; MAX_VALUE when none is in it. */
  private long slowStartEnd(HostImpl[] hosts, long now) {
    if (warmupNanos <= 0 || (algorithm != Algorithm.ROUND_ROBIN && algorithm != Algorithm.LEAST_REQUEST)) {
      return Long.MAX_VALUE;
    }
    long end = Long.MIN_VALUE;
    for (HostImpl h : hosts) {
      if (now - h.state.createdAt < warmupNanos) {
        end = Math.max(end, h.state.createdAt + warmupNanos);
      }
    }
    return end == Long.MIN_VALUE ? Long.MAX_VALUE : end;
  }

  /** Envoy's slow-start factor: max(minimumPercent, (age / window)^(1 / aggression)). */
  double slowStartFactor(HostImpl h) {
    if (warmupNanos <= 0) {
      return 1.0;
    }
    long age = ticker.nanos() - h.state.createdAt;
    if (age >= warmupNanos) {
      return 1.0;
    }
    double time = Math.max(1_000_000L, age) / (double) warmupNanos;
    double ramp = aggression == 1.0 ? time : Math.pow(time, 1.0 / aggression);
    return Math.max(ramp, warmupMinFraction);
  }

  /** One priority level's picker, or per-locality pickers with cumulative locality weights. */
  private record Level(HostPicker picker, HostPicker[] localityPickers, double[] localityCumulative, long validUntil) {
    HostImpl choose(long hash, RandomSource random) {
      if (localityPickers == null) {
        return picker == null ? null : picker.pick(hash, random);
      }
      double total = localityCumulative[localityCumulative.length - 1];
      if (total <= 0) {
        return null;
      }
      double draw = random.nextDouble() * total;
      for (int i = 0; i < localityCumulative.length; i++) {
        if (draw < localityCumulative[i]) {
          return localityPickers[i].pick(hash, random);
        }
      }
      return localityPickers[localityPickers.length - 1].pick(hash, random);
    }
  }

  /** The levels for one state of health; rebuilt when health changes or a slow start ends. */
  static final class Snapshot {
    final long version;
    final long validUntil;
    private final Level[] levels;
    private final double[] load;

    private Snapshot(long version, long validUntil, Level[] levels, double[] load) {
      this.version = version;
      this.validUntil = validUntil;
      this.levels = levels;
      this.load = load;
    }

    /** A host for this request, or null when the chosen level has no host to offer. */
    HostImpl choose(long hash, boolean hashing, RandomSource random) {
      if (levels.length == 0) {
        return null;
      }
      int p = 0;
      if (levels.length > 1) {
        double draw = hashing ? Long.remainderUnsigned(hash, 100) : random.nextDouble() * 100;
        double cumulative = 0;
        p = levels.length - 1;
        for (int i = 0; i < levels.length; i++) {
          cumulative += load[i];
          if (draw < cumulative) {
            p = i;
            break;
          }
        }
      }
      return levels[p].choose(hash, random);
    }

    /** Percentage of traffic per priority level. */
    double[] load() {
      return load.clone();
    }
  }
}

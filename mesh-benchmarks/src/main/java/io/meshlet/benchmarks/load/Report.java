package io.meshlet.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The load benchmark's results as console tables and as Markdown: per set-up throughput,
 * latency percentiles, CPU per 1,000 requests, and each compared with (a), the bare client; then
 * the same set-ups' latency at a fixed rate, when one ran.
 */
final class Report {
  private final List<SetupResult> results;
  private final SetupResult base;
  private final List<SetupResult> rated;
  private final SetupResult ratedBase;
  private final int rate;

  /** Closed-loop results only. */
  Report(List<SetupResult> results) {
    this(results, List.of(), 0);
  }

  /** Closed-loop results, and fixed-rate ones at {@code rate} requests per second (empty when none ran). */
  Report(List<SetupResult> results, List<SetupResult> rated, int rate) {
    this.results = List.copyOf(results);
    this.base = find(results, "a");
    this.rated = List.copyOf(rated);
    this.ratedBase = find(rated, "a");
    this.rate = rate;
  }

  /** A fixed-width table for the terminal. */
  String console() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%-3s %10s %6s %8s %8s %8s %8s %9s %9s %8s %7s %6s %7s %7s%n",
        "", "req/s", "×(a)", "p50µs", "p90µs", "p99µs", "p99.9µs", "+p50µs", "+p99µs", "cliCPU", "×(a)", "JIT",
        "srvCPU", "pxyCPU"));
    for (SetupResult r : results) {
      s.append(String.format(Locale.ROOT, "%-3s %10.0f %6s %8.1f %8.1f %8.1f %8.1f %9s %9s %8.1f %7s %6.1f %7.1f %7.1f%n",
          "(" + r.key() + ")", r.throughput(), ratio(r.throughput(), base == null ? 0 : base.throughput()),
          r.micros(50), r.micros(90), r.micros(99), r.micros(99.9),
          added(r, base, 50), added(r, base, 99), r.clientCpuPerThousand(),
          ratio(r.clientCpuPerThousand(), base == null ? 0 : base.clientCpuPerThousand()),
          r.clientJitPerThousand(), r.serverCpuPerThousand(), r.proxyCpuPerThousand()));
    }
    s.append("CPU columns: milliseconds of CPU per 1,000 requests (client JVM, of which its JIT compilers, "
        + "server JVM, HAProxy processes).\n");
    for (SetupResult r : results) {
      if (base != null && r != base) {
        s.append(String.format(Locale.ROOT, "(%s) median of rounds: req/s ×%s, client CPU ×%s%n", r.key(),
            medianAndInterval(r.throughputRatios(base), " (%.0f%% interval ×%.3f to ×%.3f)"),
            medianAndInterval(r.clientCpuRatios(base), " (%.0f%% interval ×%.3f to ×%.3f)")));
      }
    }
    if (!rated.isEmpty()) {
      s.append(String.format(Locale.ROOT, "%nAt a fixed %,d requests/s each (open loop, set-ups at the same time):%n",
          rate));
      s.append(String.format(Locale.ROOT, "%-3s %10s %8s %8s %8s %8s %9s %9s %11s %11s%n",
          "", "req/s", "p50µs", "p90µs", "p99µs", "p99.9µs", "+p50µs", "+p99µs", "+p50 med.", "+p99 med."));
      for (SetupResult r : rated) {
        s.append(String.format(Locale.ROOT, "%-3s %10.0f %8.1f %8.1f %8.1f %8.1f %9s %9s %11s %11s%n",
            "(" + r.key() + ")", r.throughput(), r.micros(50), r.micros(90), r.micros(99), r.micros(99.9),
            added(r, ratedBase, 50), added(r, ratedBase, 99), medianAdded(r, ratedBase, 50),
            medianAdded(r, ratedBase, 99)));
      }
      s.append("med.: the median over rounds of each round's difference from (a).\n");
    }
    for (List<SetupResult> list : List.of(results, rated)) {
      for (SetupResult r : list) {
        if (r.errors() > 0) {
          s.append(String.format(Locale.ROOT, "(%s) had %d errors%s%n", r.key(), r.errors(),
              list == rated ? " at the fixed rate" : ""));
        }
      }
    }
    return s.toString();
  }

  /** The Markdown table, with a legend. */
  String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("| set-up | req/s (min–max of rounds) | ×(a) | ×(a), median of rounds | p50 µs | p90 µs | p99 µs "
        + "| p99.9 µs | added p50 / p90 / p99 / p99.9 µs | client CPU ms per 1k req | ×(a) | ×(a), median of rounds "
        + "| of which JIT | server CPU | proxy CPU | errors |\n");
    s.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (SetupResult r : results) {
      s.append(String.format(Locale.ROOT, "| (%s) %s | %.0f (%.0f–%.0f) | %s | %s | %.1f | %.1f | %.1f | %.1f | %s "
              + "| %.1f | %s | %s | %.1f | %.1f | %.1f | %d |%n",
          r.key(), r.name(), r.throughput(), r.minRoundThroughput(), r.maxRoundThroughput(),
          ratio(r.throughput(), base == null ? 0 : base.throughput()),
          base == null || r == base ? "—" : medianAndInterval(r.throughputRatios(base), " (%2$.3f–%3$.3f)"),
          r.micros(50), r.micros(90), r.micros(99), r.micros(99.9),
          r == base ? "—" : addedAll(r, base),
          r.clientCpuPerThousand(), ratio(r.clientCpuPerThousand(), base == null ? 0 : base.clientCpuPerThousand()),
          base == null || r == base ? "—" : medianAndInterval(r.clientCpuRatios(base), " (%2$.3f–%3$.3f)"),
          r.clientJitPerThousand(), r.serverCpuPerThousand(), r.proxyCpuPerThousand(), r.errors()));
    }
    s.append("\nLatencies are client-observed, from every request of the measured windows (HdrHistogram, "
        + "3 significant digits). CPU columns are milliseconds of CPU time per 1,000 requests: the client JVM "
        + "(all its threads, measured windows only; \"of which JIT\" is the part its JIT compilers spent, as the JVM "
        + "reports compilation time), the endpoint server JVM, and the HAProxy processes. \"×(a)\" compares all "
        + "rounds together; \"median of rounds\" takes each round's ratio to (a) (within a round the set-ups ran "
        + "one at a time, in turns or one run each) and shows the median, which one round in which the machine "
        + "starved one set-up cannot decide" + intervalLegend() + ".\n");
    if (!rated.isEmpty()) {
      s.append(String.format(Locale.ROOT, "%n**At a fixed %,d requests/s per set-up** (open loop; all set-ups at "
          + "the same time, each from its own threads, so they meet the same machine conditions; a request is timed "
          + "from when it came due, so a stall counts against every request it delays):%n%n", rate));
      s.append("| set-up | req/s | p50 µs | p90 µs | p99 µs | p99.9 µs | added p50 / p90 / p99 / p99.9 µs "
          + "| added p50 / p90 / p99 / p99.9 µs, median of rounds | errors |\n");
      s.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
      for (SetupResult r : rated) {
        s.append(String.format(Locale.ROOT, "| (%s) %s | %.0f | %.1f | %.1f | %.1f | %.1f | %s | %s | %d |%n",
            r.key(), r.name(), r.throughput(), r.micros(50), r.micros(90), r.micros(99), r.micros(99.9),
            r == ratedBase ? "—" : addedAll(r, ratedBase),
            r == ratedBase ? "—" : medianAdded(r, ratedBase, 50) + " / " + medianAdded(r, ratedBase, 90) + " / "
                + medianAdded(r, ratedBase, 99) + " / " + medianAdded(r, ratedBase, 99.9), r.errors()));
      }
      s.append("\nThe first \"added\" column compares the percentiles of all rounds together, which the noisiest "
          + "round decides; the second takes each round's difference from (a) (the set-ups ran side by side, so it is "
          + "a paired difference) and shows the median over rounds.\n");
    }
    return s.toString();
  }

  /** The targets that these results can check; empty unless (a), (b) and (d) all ran. */
  List<String> targets() {
    List<String> out = new ArrayList<>();
    SetupResult b = find(results, "b");
    if (base == null || b == null) {
      return out;
    }
    throughputAndCpu(out, "all rounds", b.throughput() / base.throughput(),
        b.clientCpuPerThousand() / base.clientCpuPerThousand());
    throughputAndCpu(out, "median of rounds", b.medianThroughputRatio(base), b.medianClientCpuRatio(base));
    latencyTargets(out, results, base, "closed loop", false);
    if (ratedBase != null) {
      latencyTargets(out, rated, ratedBase,
          String.format(Locale.ROOT, "at %,d req/s, median of rounds", rate), true);
    }
    return out;
  }

  private static void throughputAndCpu(List<String> out, String over, double throughputRatio, double cpuRatio) {
    out.add(check(throughputRatio >= 0.97, String.format(Locale.ROOT, "closed loop, %s: (b)/(a) throughput %.3f ≥ 0.97",
        over, throughputRatio)));
    out.add(check(cpuRatio <= 1.05, String.format(Locale.ROOT, "closed loop, %s: (b) added client CPU %.1f%% ≤ 5%% of (a)",
        over, (cpuRatio - 1) * 100)));
  }

  private static void latencyTargets(List<String> out, List<SetupResult> list, SetupResult a, String load,
      boolean medianOfRounds) {
    SetupResult b = find(list, "b");
    SetupResult d = find(list, "d");
    if (b == null) {
      return;
    }
    BiFunction<SetupResult, Double, Double> added = (r, p) ->
        medianOfRounds ? r.medianAddedMicros(a, p) : r.micros(p) - a.micros(p);
    double p99 = added.apply(b, 99.0);
    out.add(check(p99 <= 20, String.format(Locale.ROOT, "%s: (b) added p99 %.1f µs ≤ 20 µs", load, p99)));
    if (d != null) {
      for (double p : new double[] {50, 99}) {
        double mine = added.apply(b, p);
        double theirs = added.apply(d, p);
        out.add(check(mine <= theirs / 10, String.format(Locale.ROOT,
            "%s: (b) added p%s %.1f µs ≤ one tenth of (d)'s %.1f µs", load, fmt(p), mine, theirs)));
      }
    }
  }

  private static SetupResult find(List<SetupResult> list, String key) {
    return list.stream().filter(r -> r.key().equals(key)).findFirst().orElse(null);
  }

  private static String check(boolean met, String text) {
    return (met ? "met: " : "MISSED: ") + text;
  }

  private static String added(SetupResult r, SetupResult base, double percentile) {
    if (base == null) {
      return "—";
    }
    return String.format(Locale.ROOT, "%+.1f", r.micros(percentile) - base.micros(percentile));
  }

  private static String medianAdded(SetupResult r, SetupResult base, double percentile) {
    return base == null || r == base ? "—" : String.format(Locale.ROOT, "%+.1f", r.medianAddedMicros(base, percentile));
  }

  private static String addedAll(SetupResult r, SetupResult base) {
    return added(r, base, 50) + " / " + added(r, base, 90) + " / " + added(r, base, 99) + " / "
        + added(r, base, 99.9);
  }

  private static String ratio(double value, double baseValue) {
    return baseValue == 0 ? "—" : String.format(Locale.ROOT, "%.2f", value / baseValue);
  }

  static String fmt(double percentile) {
    return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
  }

  /** How the intervals beside the medians of rounds were taken, for the table's legend. */
  private String intervalLegend() {
    int n = base == null ? 0 : base.rounds();
    if (n == 0) {
      return "";
    }
    int k = MedianInterval.rank(n);
    String ends = k == 1 ? "the lowest and highest round's ratio"
        : String.format(Locale.ROOT, "the %s lowest to the %s highest of the %d rounds' ratios", ordinal(k), ordinal(k), n);
    return String.format(Locale.ROOT, "; in parentheses, %s, a distribution-free %.0f%% confidence interval for "
        + "the median (whatever the rounds' distribution), so a target inside it is neither met nor missed beyond "
        + "doubt", ends, 100 * MedianInterval.confidence(n, k));
  }

  private static String ordinal(int k) {
    return k + (k % 100 >= 11 && k % 100 <= 13 ? "th" : switch (k % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    });
  }

  /**
   * The median of round ratios, then {@code interval} formatted with the interval's confidence in
   * percent, its low and its high end ({@link MedianInterval}).
   */
  private static String medianAndInterval(double[] ratios, String interval) {
    if (ratios.length == 0) {
      return "—";
    }
    MedianInterval m = MedianInterval.of(ratios);
    return String.format(Locale.ROOT, "%.3f", m.median())
        + String.format(Locale.ROOT, interval, 100 * m.confidence(), m.low(), m.high());
  }
}

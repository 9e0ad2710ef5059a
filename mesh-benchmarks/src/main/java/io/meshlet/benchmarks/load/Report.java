package io.meshlet.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load benchmark's results as a console table and as Markdown: per set-up throughput,
 * latency percentiles, CPU per 1,000 requests, and each compared with (a), the bare client.
 */
final class Report {
  private final List<SetupResult> results;
  private final SetupResult base;

  Report(List<SetupResult> results) {
    this.results = List.copyOf(results);
    this.base = results.stream().filter(r -> r.key().equals("a")).findFirst().orElse(null);
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
          added(r, 50), added(r, 99), r.clientCpuPerThousand(),
          ratio(r.clientCpuPerThousand(), base == null ? 0 : base.clientCpuPerThousand()),
          r.clientJitPerThousand(), r.serverCpuPerThousand(), r.proxyCpuPerThousand()));
    }
    s.append("CPU columns: milliseconds of CPU per 1,000 requests (client JVM, of which its JIT compilers, "
        + "server JVM, HAProxy processes).\n");
    for (SetupResult r : results) {
      if (r.errors() > 0) {
        s.append(String.format(Locale.ROOT, "(%s) had %d errors%n", r.key(), r.errors()));
      }
    }
    return s.toString();
  }

  /** The Markdown table, with a legend. */
  String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("| set-up | req/s (min–max of rounds) | ×(a) | p50 µs | p90 µs | p99 µs | p99.9 µs "
        + "| added p50 / p90 / p99 / p99.9 µs | client CPU ms per 1k req | ×(a) | of which JIT | server CPU "
        + "| proxy CPU | errors |\n");
    s.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (SetupResult r : results) {
      s.append(String.format(Locale.ROOT, "| (%s) %s | %.0f (%.0f–%.0f) | %s | %.1f | %.1f | %.1f | %.1f | %s | %.1f "
              + "| %s | %.1f | %.1f | %.1f | %d |%n",
          r.key(), r.name(), r.throughput(), r.minRoundThroughput(), r.maxRoundThroughput(),
          ratio(r.throughput(), base == null ? 0 : base.throughput()),
          r.micros(50), r.micros(90), r.micros(99), r.micros(99.9),
          r == base ? "—" : added(r, 50) + " / " + added(r, 90) + " / " + added(r, 99) + " / " + added(r, 99.9),
          r.clientCpuPerThousand(), ratio(r.clientCpuPerThousand(), base == null ? 0 : base.clientCpuPerThousand()),
          r.clientJitPerThousand(), r.serverCpuPerThousand(), r.proxyCpuPerThousand(), r.errors()));
    }
    s.append("\nLatencies are client-observed, from every request of the measured windows (HdrHistogram, "
        + "3 significant digits). CPU columns are milliseconds of CPU time per 1,000 requests: the client JVM "
        + "(all its threads, measured windows only; \"of which JIT\" is the part its JIT compilers spent, as the JVM "
        + "reports compilation time), the endpoint server JVM, and the HAProxy processes.\n");
    return s.toString();
  }

  /** The targets that these results can check; empty unless (a), (b) and (d) all ran. */
  List<String> targets() {
    List<String> out = new ArrayList<>();
    SetupResult b = find("b");
    SetupResult d = find("d");
    if (base == null || b == null) {
      return out;
    }
    double thr = b.throughput() / base.throughput();
    out.add(check(thr >= 0.97, String.format(Locale.ROOT, "(b)/(a) throughput %.3f ≥ 0.97", thr)));
    double p99 = b.micros(99) - base.micros(99);
    out.add(check(p99 <= 20, String.format(Locale.ROOT, "(b) added p99 %.1f µs ≤ 20 µs", p99)));
    double cpu = (b.clientCpuPerThousand() - base.clientCpuPerThousand()) / base.clientCpuPerThousand();
    out.add(check(cpu <= 0.05, String.format(Locale.ROOT, "(b) added client CPU %.1f%% ≤ 5%% of (a)", cpu * 100)));
    if (d != null) {
      for (double p : new double[] {50, 99}) {
        double mine = b.micros(p) - base.micros(p);
        double theirs = d.micros(p) - base.micros(p);
        out.add(check(mine <= theirs / 10, String.format(Locale.ROOT,
            "(b) added p%s %.1f µs ≤ one tenth of (d)'s %.1f µs", fmt(p), mine, theirs)));
      }
    }
    return out;
  }

  private SetupResult find(String key) {
    return results.stream().filter(r -> r.key().equals(key)).findFirst().orElse(null);
  }

  private static String check(boolean met, String text) {
    return (met ? "met: " : "MISSED: ") + text;
  }

  private String added(SetupResult r, double percentile) {
    if (base == null) {
      return "—";
    }
    return String.format(Locale.ROOT, "%+.1f", r.micros(percentile) - base.micros(percentile));
  }

  private static String ratio(double value, double baseValue) {
    return baseValue == 0 ? "—" : String.format(Locale.ROOT, "%.2f", value / baseValue);
  }

  static String fmt(double percentile) {
    return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
  }
}

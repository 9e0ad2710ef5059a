package io.meshlet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Per-round paired differences, and the report's targets computed from them. */
class SetupResultTest {

  /** A round in which every request took {@code micros}. */
  private static LoadGenerator.Window round(long micros) {
    Histogram h = new Histogram(LoadGenerator.HIGHEST_NANOS, 3);
    h.recordValueWithCount(micros * 1000, 1000);
    return new LoadGenerator.Window(h, 0, 1_000_000_000L, 0, 0, 0, 0);
  }

  private static SetupResult result(String key, long... roundMicros) {
    SetupResult r = new SetupResult(key, key);
    for (long m : roundMicros) {
      r.add(round(m));
    }
    return r;
  }

  @Test
  void medianOfPairedRoundDifferencesIgnoresOneStalledRound() {
    SetupResult a = result("a", 100, 2_000, 100);
    SetupResult b = result("b", 112, 1_500, 110);

    // All rounds together: the stalled round decides (b's p99 comes out far below a's).
    assertThat(b.micros(99) - a.micros(99)).isLessThan(-400);
    // Round by round: +12, -500, +10; the median is +10.
    assertThat(b.medianAddedMicros(a, 99)).isCloseTo(10, org.assertj.core.data.Offset.offset(0.5));
    assertThat(b.medianAddedMicros(a, 42)).as("not a reported percentile").isNaN();
    assertThat(b.medianAddedMicros(result("a", 100), 50)).as("different rounds").isNaN();
  }

  @Test
  void fixedRateTargetsUseTheMedianOfRounds() {
    SetupResult a = result("a", 100, 2_000, 100);
    SetupResult b = result("b", 112, 1_500, 110);
    SetupResult d = result("d", 400, 2_600, 390);
    Report report = new Report(List.of(result("a", 100), result("b", 103)), List.of(a, b, d), 1000);

    assertThat(report.targets())
        .contains("met: at 1,000 req/s, median of rounds: (b) added p99 10.0 µs ≤ 20 µs")
        .anyMatch(t -> t.startsWith("met: at 1,000 req/s, median of rounds: (b) added p50 10.0 µs ≤ one tenth"));
    assertThat(report.markdown()).contains("| +10.0 / +10.0 / +10.0 / +10.0 |");
  }

  /** A one-second round of {@code requests} requests of 100 µs that cost the client {@code cpuMicrosEach}. */
  private static LoadGenerator.Window closedLoopRound(long requests, long cpuMicrosEach) {
    Histogram h = new Histogram(LoadGenerator.HIGHEST_NANOS, 3);
    h.recordValueWithCount(100_000, requests);
    return new LoadGenerator.Window(h, 0, 1_000_000_000L, requests * cpuMicrosEach * 1000, 0, 0, 0);
  }

  @Test
  void closedLoopTargetsAlsoTakeTheMedianOfRoundRatiosWhichOneStarvedRoundCannotDecide() {
    SetupResult a = new SetupResult("a", "a");
    SetupResult b = new SetupResult("b", "b");
    long[][] rounds = {{1000, 40, 960, 43}, {600, 40, 960, 43}, {1000, 40, 950, 30}}; // (a) starved in round 2
    for (long[] r : rounds) {
      a.add(closedLoopRound(r[0], r[1]));
      b.add(closedLoopRound(r[2], r[3]));
    }

    assertThat(b.throughput() / a.throughput()).as("all rounds").isGreaterThan(1.1);
    assertThat(b.medianThroughputRatio(a)).isCloseTo(0.96, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(b.medianClientCpuRatio(a)).isCloseTo(43.0 / 40, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(new Report(List.of(a, b)).targets()).contains(
        "met: closed loop, all rounds: (b)/(a) throughput 1.104 ≥ 0.97",
        "MISSED: closed loop, median of rounds: (b)/(a) throughput 0.960 ≥ 0.97",
        "MISSED: closed loop, median of rounds: (b) added client CPU 7.5% ≤ 5% of (a)");
  }

  @Test
  void reportShowsAConfidenceIntervalBesideEachMedianOfRoundRatios() {
    SetupResult a = new SetupResult("a", "a");
    SetupResult b = new SetupResult("b", "b");
    long[][] rounds = {{1000, 40, 960, 43}, {600, 40, 960, 43}, {1000, 40, 950, 30}};
    for (long[] r : rounds) {
      a.add(closedLoopRound(r[0], r[1]));
      b.add(closedLoopRound(r[2], r[3]));
    }

    assertThat(b.throughputRatios(a)).containsExactly(0.95, 0.96, 1.6);
    assertThat(b.clientCpuRatios(a)).containsExactly(30.0 / 40, 43.0 / 40, 43.0 / 40);
    Report report = new Report(List.of(a, b));
    assertThat(report.console())
        .contains("(b) median of rounds: req/s ×0.960 (75% interval ×0.950 to ×1.600), "
            + "client CPU ×1.075 (75% interval ×0.750 to ×1.075)");
    assertThat(report.markdown()).contains("| 0.960 (0.950–1.600) |", "| 1.075 (0.750–1.075) |",
        "in parentheses, the lowest and highest round's ratio, a distribution-free 75% confidence interval");
  }
}

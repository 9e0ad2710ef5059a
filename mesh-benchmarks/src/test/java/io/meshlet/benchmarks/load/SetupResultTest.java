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
}

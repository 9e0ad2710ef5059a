package io.meshlet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MedianIntervalTest {

  @Test
  void confidenceOfOrderStatisticsFollowsTheBinomialDistribution() {
    assertThat(MedianInterval.confidence(5, 1)).isEqualTo(1 - 2.0 / 32); // 93.75%
    assertThat(MedianInterval.confidence(3, 1)).isEqualTo(0.75);
    // 15 values, 4th lowest to 4th highest: 1 - 2 * (1 + 15 + 105 + 455) / 2^15
    assertThat(MedianInterval.confidence(15, 4)).isCloseTo(1 - 2 * 576.0 / 32768, within(1e-12));
  }

  @Test
  void rankIsTheWidestThatKeepsNinetyPercentOrLowestToHighest() {
    assertThat(MedianInterval.rank(3)).isEqualTo(1);
    assertThat(MedianInterval.rank(5)).isEqualTo(1);
    assertThat(MedianInterval.rank(15)).isEqualTo(4);
    for (int n = 1; n <= 60; n++) {
      int k = MedianInterval.rank(n);
      if (k > 1) {
        assertThat(MedianInterval.confidence(n, k)).as("n=%d", n).isGreaterThanOrEqualTo(MedianInterval.MIN_CONFIDENCE);
      }
      if (k + 1 <= n / 2) {
        assertThat(MedianInterval.confidence(n, k + 1)).as("n=%d", n).isLessThan(MedianInterval.MIN_CONFIDENCE);
      }
    }
  }

  @Test
  void intervalTakesOrderStatisticsWithoutReorderingTheInput() {
    double[] values = {5, 1, 4, 2, 3, 9, 7, 8, 6, 10, 15, 11, 14, 12, 13};
    MedianInterval m = MedianInterval.of(values);
    assertThat(m.median()).isEqualTo(8);
    assertThat(m.low()).isEqualTo(4);
    assertThat(m.high()).isEqualTo(12);
    assertThat(values[0]).isEqualTo(5);
    assertThat(MedianInterval.of(new double[] {1, 2, 3, 10}).median()).isEqualTo(2.5);
    assertThat(MedianInterval.of(new double[0]).median()).isNaN();
  }

  /**
   * Over many seeded samples of a skewed distribution the interval holds the true median as often as
   * its stated confidence says, within four standard errors.
   */
  @Test
  void intervalCoversTheTrueMedianAsOftenAsStated() {
    SplittableRandom random = new SplittableRandom(20261122);
    double trueMedian = Math.log(2); // exponential distribution with rate 1
    for (int n : new int[] {5, 15}) {
      int trials = 4000;
      int covered = 0;
      double confidence = 0;
      for (int t = 0; t < trials; t++) {
        double[] sample = new double[n];
        for (int i = 0; i < n; i++) {
          sample[i] = -Math.log(1 - random.nextDouble());
        }
        MedianInterval m = MedianInterval.of(sample);
        confidence = m.confidence();
        if (m.low() <= trueMedian && trueMedian <= m.high()) {
          covered++;
        }
      }
      double standardError = Math.sqrt(confidence * (1 - confidence) / trials);
      assertThat((double) covered / trials).as("n=%d", n).isCloseTo(confidence, within(4 * standardError));
    }
  }
}

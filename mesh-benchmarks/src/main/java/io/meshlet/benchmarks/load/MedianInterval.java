package io.meshlet.benchmarks.load;

import java.util.Arrays;

/**
 * The median of per-round values with a distribution-free confidence interval: from the k-th lowest
 * to the k-th highest of n values, which enclose the median of the values' distribution with
 * probability 1 − 2·P(Binomial(n, ½) < k), whatever that distribution. k is the largest rank that
 * keeps that probability at least {@link #MIN_CONFIDENCE}, or 1 (lowest to highest) when even that
 * falls short: five rounds give 94%, fifteen give 96% from the 4th to the 12th, three only 75%.
 *
 * @param confidence the probability that the interval encloses the true median
 */
record MedianInterval(double median, double low, double high, double confidence) {
  static final double MIN_CONFIDENCE = 0.9;

  /** The median and interval of {@code values} (not modified); NaN everywhere when empty. */
  static MedianInterval of(double[] values) {
    int n = values.length;
    if (n == 0) {
      return new MedianInterval(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int k = rank(n);
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return new MedianInterval(median, v[k - 1], v[n - k], confidence(n, k));
  }

  /** The rank k used for n values. */
  static int rank(int n) {
    int k = 1;
    while (k + 1 <= n / 2 && confidence(n, k + 1) >= MIN_CONFIDENCE) {
      k++;
    }
    return k;
  }

  /** 1 − 2·P(Binomial(n, ½) < k): the chance that the k-th lowest and k-th highest enclose the median. */
  static double confidence(int n, int k) {
    double term = Math.pow(0.5, n); // P(X = 0)
    double below = 0;
    for (int i = 0; i < k; i++) {
      below += term;
      term = term * (n - i) / (i + 1);
    }
    return Math.max(0, 1 - 2 * below);
  }
}

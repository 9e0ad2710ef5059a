package io.meshlet.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/** One set-up's measurements, summed over its rounds. */
final class SetupResult {
  /** The percentiles every report shows. */
  static final double[] PERCENTILES = {50, 90, 99, 99.9};

  private final String key;
  private final String name;
  private final Histogram latencies = new Histogram(LoadGenerator.HIGHEST_NANOS, 3);
  private final List<Double> roundThroughputs = new ArrayList<>();
  /** Per round, client CPU nanoseconds per request. */
  private final List<Double> roundClientCpu = new ArrayList<>();
  /** Per round, the latency at each of {@link #PERCENTILES}, in microseconds. */
  private final List<double[]> roundMicros = new ArrayList<>();
  private long errors;
  private long elapsedNanos;
  private long clientCpuNanos;
  private long clientJitNanos;
  private long serverCpuNanos;
  private long proxyCpuNanos;

  SetupResult(String key, String name) {
    this.key = key;
    this.name = name;
  }

  void add(LoadGenerator.Window w) {
    latencies.add(w.latencies());
    errors += w.errors();
    elapsedNanos += w.elapsedNanos();
    clientCpuNanos += w.clientCpuNanos();
    clientJitNanos += w.clientJitNanos();
    serverCpuNanos += w.serverCpuNanos();
    proxyCpuNanos += w.proxyCpuNanos();
    roundThroughputs.add(w.requests() * 1e9 / w.elapsedNanos());
    roundClientCpu.add(w.requests() == 0 ? 0 : (double) w.clientCpuNanos() / w.requests());
    double[] micros = new double[PERCENTILES.length];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = w.latencies().getValueAtPercentile(PERCENTILES[i]) / 1000.0;
    }
    roundMicros.add(micros);
  }

  String key() {
    return key;
  }

  String name() {
    return name;
  }

  long requests() {
    return latencies.getTotalCount();
  }

  long errors() {
    return errors;
  }

  /** Requests per second over all measured windows. */
  double throughput() {
    return elapsedNanos == 0 ? 0 : requests() * 1e9 / elapsedNanos;
  }

  /** Rounds recorded. */
  int rounds() {
    return roundThroughputs.size();
  }

  double minRoundThroughput() {
    return roundThroughputs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  double maxRoundThroughput() {
    return roundThroughputs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  /**
   * The median over rounds of this set-up's throughput divided by {@code base}'s in the same round;
   * NaN unless both ran the same rounds. One round in which the machine starved one set-up moves the
   * all-rounds ratio ({@link #throughput} over {@code base}'s) by several percent; it moves this one
   * by at most one rank.
   */
  double medianThroughputRatio(SetupResult base) {
    return MedianInterval.of(throughputRatios(base)).median();
  }

  /** As {@link #medianThroughputRatio}, for client CPU time per request. */
  double medianClientCpuRatio(SetupResult base) {
    return MedianInterval.of(clientCpuRatios(base)).median();
  }

  /**
   * Each round's throughput divided by {@code base}'s in the same round, in ascending order; empty
   * unless both ran the same rounds. {@link MedianInterval} turns them into a median with a
   * confidence interval.
   */
  double[] throughputRatios(SetupResult base) {
    return ratios(roundThroughputs, base.roundThroughputs);
  }

  /** As {@link #throughputRatios}, for client CPU time per request. */
  double[] clientCpuRatios(SetupResult base) {
    return ratios(roundClientCpu, base.roundClientCpu);
  }

  private static double[] ratios(List<Double> mine, List<Double> theirs) {
    int n = mine.size();
    if (theirs.size() != n) {
      return new double[0];
    }
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = mine.get(i) / theirs.get(i);
    }
    Arrays.sort(r);
    return r;
  }

  /** Latency at {@code percentile}, in microseconds. */
  double micros(double percentile) {
    return latencies.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * The median over rounds of this set-up's latency at {@code percentile} minus {@code base}'s in the
   * same round, in microseconds; NaN unless both ran the same rounds. For set-ups that ran side by
   * side (at the same time), each round's difference is a paired one, and the median keeps a round in
   * which the machine stalled everything from deciding the result.
   */
  double medianAddedMicros(SetupResult base, double percentile) {
    int p = Arrays.binarySearch(PERCENTILES, percentile);
    int n = roundMicros.size();
    if (p < 0 || n == 0 || base.roundMicros.size() != n) {
      return Double.NaN;
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = roundMicros.get(i)[p] - base.roundMicros.get(i)[p];
    }
    return MedianInterval.of(d).median();
  }

  /** Client process CPU time per 1,000 requests, in milliseconds. */
  double clientCpuPerThousand() {
    return perThousand(clientCpuNanos);
  }

  /**
   * The part of {@link #clientCpuPerThousand} the JIT compilers spent, per 1,000 requests, in
   * milliseconds: compilation time as the JVM reports it, a transient that shrinks as code settles.
   */
  double clientJitPerThousand() {
    return perThousand(clientJitNanos);
  }

  double serverCpuPerThousand() {
    return perThousand(serverCpuNanos);
  }

  double proxyCpuPerThousand() {
    return perThousand(proxyCpuNanos);
  }

  private double perThousand(long nanos) {
    return requests() == 0 ? 0 : nanos / 1e6 / requests() * 1000;
  }
}

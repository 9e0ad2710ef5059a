package io.meshlet;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the mesh draws its random numbers: weighted destination choice, fault and mirror
 * percentages, random load balancing, retry back-off jitter. Inject a seeded source to make
 * tests exact: {@code Mesh.builder().random(RandomSource.seeded(42))}.
 */
public interface RandomSource {

  /** A uniformly distributed int in {@code [0, bound)}. */
  int nextInt(int bound);

  /** A uniformly distributed double in {@code [0, 1)}. */
  double nextDouble();

  /** A uniformly distributed long, for hashing requests without a hash key. */
  long nextLong();

  /** The default: {@link ThreadLocalRandom}, contention-free across request threads. */
  static RandomSource threadLocal() {
    return ThreadLocalSource.INSTANCE;
  }

  /** A deterministic source; the same seed gives the same sequence of draws (thread-safe, serialised). */
  static RandomSource seeded(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new RandomSource() {
      @Override
      public synchronized int nextInt(int bound) {
        return random.nextInt(bound);
      }

      @Override
      public synchronized double nextDouble() {
        return random.nextDouble();
      }

      @Override
      public synchronized long nextLong() {
        return random.nextLong();
      }
    };
  }

  /** True with probability {@code percent / 100}; never for 0, always for 100. */
  default boolean percent(double percent) {
    if (percent <= 0) {
      return false;
    }
    if (percent >= 100) {
      return true;
    }
    return nextDouble() * 100.0 < percent;
  }

  /** The default source, as a singleton. */
  final class ThreadLocalSource implements RandomSource {
    static final ThreadLocalSource INSTANCE = new ThreadLocalSource();

    private ThreadLocalSource() {}

    @Override
    public int nextInt(int bound) {
      return ThreadLocalRandom.current().nextInt(bound);
    }

    @Override
    public double nextDouble() {
      return ThreadLocalRandom.current().nextDouble();
    }

    @Override
    public long nextLong() {
      return ThreadLocalRandom.current().nextLong();
    }
  }
}

package io.meshlet.cluster.internal;

import io.meshlet.RandomSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/** Envoy's host-selection algorithms, each over a fixed array of hosts. */
final class Pickers {
  private Pickers() {}

  /** Round robin over equally weighted hosts: a shared index, lock-free. */
  static final class RoundRobin implements HostPicker {
    private final HostImpl[] hosts;
    private final AtomicLong next = new AtomicLong();

    RoundRobin(HostImpl[] hosts) {
      this.hosts = hosts;
    }

    @Override
    public HostImpl pick(long hash, RandomSource random) {
      return hosts[(int) Math.floorMod(next.getAndIncrement(), (long) hosts.length)];
    }
  }

  /** A uniformly random host (Envoy's RANDOM ignores weights). */
  static final class Random implements HostPicker {
    private final HostImpl[] hosts;

    Random(HostImpl[] hosts) {
      this.hosts = hosts;
    }

    @Override
    public HostImpl pick(long hash, RandomSource random) {
      return hosts[random.nextInt(hosts.length)];
    }
  }

  /**
   * Least request with equal weights: the better of two random choices (with replacement, as Envoy
   * draws them); ties go to the first.
   */
  static final class PowerOfTwoChoices implements HostPicker {
    private final HostImpl[] hosts;

    PowerOfTwoChoices(HostImpl[] hosts) {
      this.hosts = hosts;
    }

    @Override
    public HostImpl pick(long hash, RandomSource random) {
      HostImpl a = hosts[random.nextInt(hosts.length)];
      HostImpl b = hosts[random.nextInt(hosts.length)];
      return b.state.active.get() < a.state.active.get() ? b : a;
    }
  }

  /**
   * Earliest-deadline-first scheduling, Envoy's weighted round robin: each host is due again
   * {@code 1/weight} after its last pick, which interleaves hosts smoothly in proportion to weight.
   * The weight is read each time a host is rescheduled, so least-request weights
   * ({@code weight / (active + 1)}) and slow-start ramps take effect as they change. Envoy keeps one
   * scheduler per worker thread; shared between request threads here, it takes a short lock.
   */
  static final class EarliestDeadlineFirst implements HostPicker {
    private record Entry(double deadline, long order, HostImpl host) {}

    private static final Comparator<Entry> ORDER =
        Comparator.comparingDouble(Entry::deadline).thenComparingLong(Entry::order);

    private final ToDoubleFunction<HostImpl> weight;
    private final PriorityQueue<Entry> queue;
    private double now;
    private long order;

    EarliestDeadlineFirst(HostImpl[] hosts, ToDoubleFunction<HostImpl> weight) {
      this.weight = weight;
      this.queue = new PriorityQueue<>(Math.max(1, hosts.length), ORDER);
      for (HostImpl h : hosts) {
        queue.add(new Entry(1.0 / weightOf(h), order++, h));
      }
    }

    @Override
    public synchronized HostImpl pick(long hash, RandomSource random) {
      Entry e = queue.poll();
      now = e.deadline();
      queue.add(new Entry(now + 1.0 / weightOf(e.host()), order++, e.host()));
      return e.host();
    }

    private double weightOf(HostImpl h) {
      return Math.max(1e-6, weight.applyAsDouble(h));
    }
  }

  /**
   * Ring hash (Envoy's ketama variant): each host owns ring points in proportion to its weight, at
   * hashes of {@code address:port_i}; a request goes to the first point at or after its hash. As in
   * Envoy the smallest host gets at least {@code minRingSize * weight / total} points, but that count
   * is rounded up to a power of two and each host's points depend on its own weight only: Envoy's
   * exact sizing gives every host fewer points when one is added, which moves about 2/N of the keys
   * instead of 1/N.
   */
  static final class RingHash implements HostPicker {
    private final long[] points;
    private final HostImpl[] owners;

    RingHash(HostImpl[] hosts, double[] weights, long minRingSize, long maxRingSize) {
      double sum = 0;
      double min = Double.MAX_VALUE;
      for (double w : weights) {
        sum += w;
        min = Math.min(min, w);
      }
      double relative = sum / min;
      long base = Long.highestOneBit(Math.max(1, (long) Math.ceil(minRingSize / relative) - 1)) << 1;
      if (base * relative > maxRingSize) {
        base = Math.max(1, (long) (maxRingSize / relative));
      }
      record Point(long hash, HostImpl host) {}
      List<Point> ring = new ArrayList<>();
      for (int h = 0; h < hosts.length; h++) {
        String key = hosts[h].authority() + "_";
        long count = Math.max(1, Math.round(base * weights[h] / min));
        for (long i = 0; i < count; i++) {
          ring.add(new Point(XxHash64.hash(key + i), hosts[h]));
        }
      }
      ring.sort((a, b) -> Long.compareUnsigned(a.hash(), b.hash()));
      points = new long[ring.size()];
      owners = new HostImpl[ring.size()];
      for (int i = 0; i < points.length; i++) {
        points[i] = ring.get(i).hash();
        owners[i] = ring.get(i).host();
      }
    }

    @Override
    public HostImpl pick(long hash, RandomSource random) {
      int lo = 0;
      int hi = points.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (Long.compareUnsigned(points[mid], hash) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return owners[lo == points.length ? 0 : lo];
    }
  }

  /**
   * Maglev: a lookup table of {@code tableSize} slots that each host fills along its own
   * permutation ({@code offset + i * skip}), taking turns in proportion to weight.
   */
  static final class Maglev implements HostPicker {
    private final HostImpl[] table;

    Maglev(HostImpl[] hosts, double[] weights, int tableSize) {
      table = new HostImpl[tableSize];
      int n = hosts.length;
      long[] offset = new long[n];
      long[] skip = new long[n];
      long[] next = new long[n];
      double[] target = new double[n];
      double max = 0;
      double sum = Arrays.stream(weights).sum();
      for (int i = 0; i < n; i++) {
        String key = hosts[i].authority();
        offset[i] = Long.remainderUnsigned(XxHash64.hash(key, 0), tableSize);
        skip[i] = Long.remainderUnsigned(XxHash64.hash(key, 1), tableSize - 1) + 1;
        max = Math.max(max, weights[i] / sum);
      }
      int filled = 0;
      for (long iteration = 1; filled < tableSize; iteration++) {
        for (int i = 0; i < n && filled < tableSize; i++) {
          // A host with the largest weight takes a slot every round; one with a third of it every third.
          if (iteration * (weights[i] / sum) < target[i]) {
            continue;
          }
          target[i] += max;
          int slot;
          do {
            slot = (int) ((offset[i] + skip[i] * next[i]++) % tableSize);
          } while (table[slot] != null);
          table[slot] = hosts[i];
          filled++;
        }
      }
    }

    @Override
    public HostImpl pick(long hash, RandomSource random) {
      return table[(int) Long.remainderUnsigned(hash, table.length)];
    }
  }
}

package io.meshlet.benchmarks.pick;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.Pick;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The invoker's per-attempt cluster cycle ({@link EndpointPickBenchmark#attempt}: admit, pick,
 * begin, end(200), close) from two threads at once, over Istio's default balancer and the load
 * benchmark's outlier detection. {@link #shared}: both threads on one cluster, as request threads
 * on two cores share a cluster, so every counter the cycle writes (circuit breakers, active
 * requests per endpoint) moves its cache line from core to core. {@link #own}: each thread on a
 * cluster of its own, the same work without the sharing. Their difference is what sharing costs:
 *
 * <pre>
 * java -jar mesh-benchmarks/target/benchmarks.jar SharedCluster
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(2)
public class SharedClusterBenchmark {

  /** Endpoints in the cluster: one (a subset of one pod) or three. */
  @State(Scope.Benchmark)
  public static class SharedCluster {
    @Param({"1", "3"})
    public int endpoints;

    PickCluster fixture;

    @Setup(Level.Trial)
    public void setUp() {
      fixture = PickCluster.of(Balancer.LEAST_REQUEST, endpoints);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      fixture.close();
    }
  }

  /** A thread's requests and randomness, and a cluster of its own like the shared one. */
  @State(Scope.Thread)
  public static class PerThread {
    private static final int REQUESTS = 1024;

    final RandomSource random = RandomSource.threadLocal();
    final MeshRequest[] requests = new MeshRequest[REQUESTS];
    PickCluster own;
    int cursor;

    @Setup(Level.Trial)
    public void setUp(SharedCluster shared) {
      for (int k = 0; k < REQUESTS; k++) {
        requests[k] = PickCluster.request(k);
      }
      own = PickCluster.of(Balancer.LEAST_REQUEST, shared.endpoints);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      own.close();
    }

    MeshRequest next() {
      MeshRequest r = requests[cursor];
      cursor = (cursor + 1) & (REQUESTS - 1);
      return r;
    }
  }

  /** Both threads on one cluster. */
  @Benchmark
  public Pick shared(SharedCluster shared, PerThread t) throws InterruptedException {
    return EndpointPickBenchmark.attempt(shared.fixture.cluster(), t.next(), t.random);
  }

  /** Each thread on its own cluster. */
  @Benchmark
  public Pick own(PerThread t) throws InterruptedException {
    Cluster cluster = t.own.cluster();
    return EndpointPickBenchmark.attempt(cluster, t.next(), t.random);
  }
}

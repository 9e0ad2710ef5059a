package io.meshlet.benchmarks.pick;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.cluster.Admission;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.Pick;
import io.meshlet.cluster.UpstreamCall;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The endpoint pick of each load balancer over 3 and 30 static endpoints ({@link PickCluster}).
 * Run with the gc profiler for bytes per operation:
 *
 * <pre>
 * java -jar mesh-benchmarks/target/benchmarks.jar EndpointPick -prof gc
 * </pre>
 *
 * <p>{@link #pick} is the load-balancing decision alone; {@link #attempt} is what the invoker does
 * around it for every attempt: circuit-breaker admission, pick, counting the request active on
 * the endpoint, ending it with a 200 (outlier detection's success path) and releasing the
 * admission. Requests cycle through 1,024 prepared ones with distinct hash-header values, so
 * consistent hashing lands on different endpoints; the other balancers ignore the header.
 * Randomness is {@link RandomSource#threadLocal()}, the mesh's default.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EndpointPickBenchmark {
  private static final int REQUESTS = 1024; // a power of two: the cursor wraps with a mask

  @Param
  public Balancer balancer;

  @Param({"3", "30"})
  public int endpoints;

  private PickCluster fixture;
  private Cluster cluster;
  private final RandomSource random = RandomSource.threadLocal();
  private MeshRequest[] requests;
  private int cursor;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = PickCluster.of(balancer, endpoints);
    cluster = fixture.cluster();
    requests = new MeshRequest[REQUESTS];
    for (int k = 0; k < REQUESTS; k++) {
      requests[k] = PickCluster.request(k);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  private MeshRequest next() {
    MeshRequest r = requests[cursor];
    cursor = (cursor + 1) & (REQUESTS - 1);
    return r;
  }

  /** The load balancer's choice for one request, with no endpoint to avoid (a first attempt). */
  @Benchmark
  public Pick pick() {
    return cluster.pick(next(), List.of(), random);
  }

  /** One attempt's cluster work, as the invoker does it: admit, pick, begin, end(200), close. */
  @Benchmark
  public Pick attempt() throws InterruptedException {
    return attempt(cluster, next(), random);
  }

  /** The invoker's per-attempt cycle over {@code cluster}; null when not admitted or no endpoint is healthy. */
  static Pick attempt(Cluster cluster, MeshRequest request, RandomSource random) throws InterruptedException {
    try (Admission admission = cluster.admit(Long.MAX_VALUE)) {
      if (!admission.admitted()) {
        return null;
      }
      Pick pick = cluster.pick(request, List.of(), random);
      if (pick == null) {
        return null;
      }
      UpstreamCall call = cluster.begin(pick.endpoint());
      call.end(200);
      return pick;
    }
  }
}

package io.meshlet.benchmarks.route;

import io.meshlet.Mesh;
import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.benchmarks.config.SyntheticMesh;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.Resource;
import io.meshlet.config.model.VirtualService;
import io.meshlet.route.RouteDecision;
import java.util.HashMap;
import java.util.Map;
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
 * The route decision over {@link SyntheticMesh} configurations of 10 to 10,000 hosts with 10
 * routes each. Targets (issue 3): at most 1 µs and 256 bytes allocated per decision at 10,000
 * hosts. Run with the gc profiler for bytes per operation:
 *
 * <pre>
 * java -jar mesh-benchmarks/target/benchmarks.jar RouteDecision -prof gc
 * </pre>
 *
 * <p>Requests cycle through 1,024 prepared ones spread over the hosts and all ten routes (first
 * route, middle routes, the weighted catch-all), so the figure is an average over route depths
 * and the host table is not all in cache.
 *
 * <p>{@link #hostLookup} is the floor {@link #route} is compared with: a plain hash lookup of the
 * request's host among that many hosts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RouteDecisionBenchmark {
  private static final int REQUESTS = 1024; // a power of two: the cursor wraps with a mask

  @Param({"10", "100", "1000", "10000"})
  public int hosts;

  private Mesh mesh;
  private MeshRequest[] requests;
  private Map<String, Resource<VirtualService>> byHost;
  private int cursor;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticMesh synthetic = SyntheticMesh.of(hosts);
    MeshConfig config = new ConfigLoader().defaultNamespace(SyntheticMesh.NAMESPACE).load(synthetic.sources());
    mesh = Mesh.builder().workload("bench", SyntheticMesh.NAMESPACE, Map.of()).random(RandomSource.seeded(1))
        .config(config).build();
    requests = new MeshRequest[REQUESTS];
    for (int k = 0; k < REQUESTS; k++) {
      // 7919 is prime, so consecutive requests land on scattered hosts at every size.
      requests[k] = SyntheticMesh.request((int) ((k * 7919L) % hosts), k % SyntheticMesh.ROUTES);
    }
    byHost = new HashMap<>();
    for (Resource<VirtualService> vs : config.virtualServices()) {
      byHost.put(vs.spec().hosts().get(0) + "." + SyntheticMesh.NAMESPACE + ".svc.cluster.local", vs);
    }
  }

  private MeshRequest next() {
    MeshRequest r = requests[cursor];
    cursor = (cursor + 1) & (REQUESTS - 1);
    return r;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    mesh.close();
  }

  /** The whole route decision: host lookup, match evaluation, weighted destination pick. */
  @Benchmark
  public RouteDecision route() {
    return mesh.route(next());
  }

  /**
   * The first step of any route decision, and its floor: finding the request's host in a hash
   * table of that many hosts (the design's "hash lookup for host:port").
   */
  @Benchmark
  public Resource<VirtualService> hostLookup() {
    return byHost.get(next().host());
  }
}

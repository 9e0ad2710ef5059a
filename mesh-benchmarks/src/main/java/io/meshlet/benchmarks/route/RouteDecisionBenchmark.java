package io.meshlet.benchmarks.route;

import io.meshlet.MeshRequest;
import io.meshlet.benchmarks.config.SyntheticMesh;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.Resource;
import io.meshlet.config.model.VirtualService;
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
 * <p>HOOK (lead): when {@code io.meshlet.Mesh} exists, build it in {@link #setUp} from the same
 * sources ({@code Mesh.builder().config(...).build()}, kept in a field) and add
 * {@code @Benchmark public RouteDecision route() { return mesh.route(next()); }}.
 * {@link #hostLookup} stays as the floor that decision is compared with.
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

  private MeshRequest[] requests;
  private Map<String, Resource<VirtualService>> byHost;
  private int cursor;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticMesh synthetic = SyntheticMesh.of(hosts);
    MeshConfig config = new ConfigLoader().load(synthetic.sources());
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

  /**
   * The first step of any route decision, and its floor: finding the request's host in a hash
   * table of that many hosts (the design's "hash lookup for host:port").
   */
  @Benchmark
  public Resource<VirtualService> hostLookup() {
    return byHost.get(next().host());
  }
}

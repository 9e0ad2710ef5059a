package io.meshlet.benchmarks.route;

import io.meshlet.benchmarks.config.SyntheticMesh;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.MeshConfig;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading (parsing, binding and validating) a {@link SyntheticMesh} of 10 to 1,000 hosts: the
 * part of a configuration change that happens before the mesh compiles it. The 10,000-host case
 * is measured by {@code ScaleBenchmark}, which also reports heap.
 *
 * <pre>
 * java -jar mesh-benchmarks/target/benchmarks.jar ConfigLoad -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ConfigLoadBenchmark {
  @Param({"10", "100", "1000"})
  public int hosts;

  private List<ConfigSource> sources;
  private final ConfigLoader loader = new ConfigLoader();

  @Setup(Level.Trial)
  public void setUp() {
    sources = SyntheticMesh.of(hosts).sources();
  }

  @Benchmark
  public MeshConfig load() {
    return loader.load(sources);
  }
}

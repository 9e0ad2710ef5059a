package io.meshlet.benchmarks.scale;

import io.meshlet.Mesh;
import io.meshlet.benchmarks.DocsSection;
import io.meshlet.benchmarks.MachineFacts;
import io.meshlet.benchmarks.config.SyntheticMesh;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.MeshConfig;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Memory and scale: for meshes of 1,000 and 10,000 hosts ({@link SyntheticMesh}: a ServiceEntry,
 * a DestinationRule and a 10-route VirtualService per host), the time to load them and the heap
 * the result retains. Targets (issue 6): 10,000 services compile in at most 2 s and hold at most
 * 100 MB of heap.
 *
 * <p>Retained heap is the heap in use after full collections with the object held, minus the
 * same without it; each figure is the median of {@link #REPEATS} measurements. Run it alone on
 * the machine, with a fixed heap and a collector that compacts fully on {@code System.gc()}:
 *
 * <pre>
 * java -Xms3g -Xmx3g -XX:+UseSerialGC -cp mesh-benchmarks/target/benchmarks.jar \
 *     io.meshlet.benchmarks.scale.ScaleBenchmark [--docs docs] [--note TEXT] [HOSTS...]
 * </pre>
 */
public final class ScaleBenchmark {
  static final int REPEATS = 5;
  private static final long WARMUP_NANOS = 15_000_000_000L;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private ScaleBenchmark() {}

  /** One size's figures: loading the YAML, then compiling the loaded configuration into a Mesh. */
  record Row(int hosts, int resources, double yamlMegabytes, double loadMillis, double loadRetainedMegabytes,
      double meshMillis, double meshRetainedMegabytes) {}

  public static void main(String[] args) throws Exception {
    Path docs = null;
    String note = "";
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--docs") && i + 1 < args.length) {
        docs = Path.of(args[++i]);
      } else if (args[i].equals("--note") && i + 1 < args.length) {
        note = args[++i];
      } else {
        sizes.add(Integer.parseInt(args[i]));
      }
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1000, 10000);
    }
    // Warm the loader's code up on a small mesh for a while, so the first size does not pay for JIT
    // compilation (five loads were not enough: 1,000 hosts then took longer per host than 10,000).
    long warmUntil = System.nanoTime() + WARMUP_NANOS;
    List<ConfigSource> small = SyntheticMesh.of(200).sources();
    while (System.nanoTime() < warmUntil) {
      new ConfigLoader().load(small);
    }
    List<Row> rows = new ArrayList<>();
    for (int hosts : sizes) {
      Row row = measure(hosts);
      rows.add(row);
      System.out.println(format(row));
    }
    if (docs != null) {
      String text = note.isBlank() ? markdown(rows) : "**" + note.trim() + "**\n\n" + markdown(rows);
      DocsSection.rewrite(docs.resolve("performance.md"), "scale-benchmark", text);
      System.out.println("updated " + docs.resolve("performance.md"));
    }
  }

  static Row measure(int hosts) {
    SyntheticMesh synthetic = SyntheticMesh.of(hosts);
    double yamlBytes = synthetic.sources().stream()
        .mapToLong(s -> ((ConfigSource.StringSource) s).content().length()).sum();
    double[] loadMillis = new double[REPEATS];
    double[] loadRetained = new double[REPEATS];
    double[] meshMillis = new double[REPEATS];
    double[] meshRetained = new double[REPEATS];
    int resources = 0;
    for (int r = 0; r < REPEATS; r++) {
      Sample load = loadOnce(synthetic);
      loadMillis[r] = load.millis();
      loadRetained[r] = load.megabytes();
      resources = load.resources();
      Sample mesh = compileOnce(synthetic);
      meshMillis[r] = mesh.millis();
      meshRetained[r] = mesh.megabytes();
    }
    return new Row(hosts, resources, yamlBytes / 1048576.0, median(loadMillis), median(loadRetained),
        median(meshMillis), median(meshRetained));
  }

  /** One timed, heap-measured result; negative when not measured. */
  private record Sample(double millis, double megabytes, int resources) {}

  // Each measurement runs in a frame of its own: a local of an earlier iteration, still in its
  // slot, would otherwise keep the previous result alive and cancel the difference out.
  private static Sample loadOnce(SyntheticMesh synthetic) {
    long before = usedAfterGc();
    List<ConfigSource> sources = synthetic.sources(); // garbage again before the heap is read
    long t0 = System.nanoTime();
    MeshConfig config = new ConfigLoader().load(sources);
    double millis = (System.nanoTime() - t0) / 1e6;
    sources = null; // only the loaded configuration stays reachable while the heap is read
    long after = usedAfterGc();
    Reference.reachabilityFence(config);
    return new Sample(millis, (after - before) / 1048576.0, config.resources().size());
  }

  /**
   * Compiles an already loaded configuration into a {@link Mesh}: the time of {@code build()}, and
   * the heap the compiled snapshot retains beyond the configuration it was compiled from.
   */
  private static Sample compileOnce(SyntheticMesh synthetic) {
    MeshConfig config = new ConfigLoader().load(synthetic.sources());
    long before = usedAfterGc();
    long t0 = System.nanoTime();
    Mesh mesh = Mesh.builder().workload("bench", SyntheticMesh.NAMESPACE, java.util.Map.of()).config(config).build();
    double millis = (System.nanoTime() - t0) / 1e6;
    long after = usedAfterGc();
    Reference.reachabilityFence(config);
    mesh.close();
    return new Sample(millis, (after - before) / 1048576.0, 0);
  }

  /** Heap in use after full collections, read when two in a row agree within 1 MB. */
  static long usedAfterGc() {
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < 1048576) {
        return used;
      }
      previous = used;
    }
    return previous;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String format(Row r) {
    return String.format(Locale.ROOT, "%,6d hosts  %,6d resources  YAML %6.1f MB  load %8.1f ms  retains %7.1f MB  "
        + "Mesh: %s", r.hosts(), r.resources(), r.yamlMegabytes(), r.loadMillis(), r.loadRetainedMegabytes(),
        String.format(Locale.ROOT, "compile %.1f ms, retains %.1f MB more (total %.1f MB)", r.meshMillis(),
            r.meshRetainedMegabytes(), r.loadRetainedMegabytes() + r.meshRetainedMegabytes()));
  }

  static String markdown(List<Row> rows) {
    StringBuilder s = new StringBuilder();
    s.append("Command: `java -Xms3g -Xmx3g -XX:+UseSerialGC -cp mesh-benchmarks/target/benchmarks.jar "
            + "io.meshlet.benchmarks.scale.ScaleBenchmark --docs docs ")
        .append(rows.stream().map(r -> Integer.toString(r.hosts())).collect(Collectors.joining(" "))).append("`  \n")
        .append("Machine: ").append(MachineFacts.describe()).append("  \n")
        .append("JVM: ").append(ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")))
        .append(String.format(Locale.ROOT, ", max heap %d MB; medians of %d runs%n%n",
            Runtime.getRuntime().maxMemory() / 1048576, REPEATS))
        .append("| hosts | resources | YAML MB | load ms | MeshConfig retained MB | Mesh compile ms "
            + "| compiled snapshot MB | Mesh total MB |\n|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Row r : rows) {
      s.append(String.format(Locale.ROOT, "| %,d | %,d | %.1f | %.0f | %.1f | %.0f | %.1f | %.1f |%n", r.hosts(),
          r.resources(), r.yamlMegabytes(), r.loadMillis(), r.loadRetainedMegabytes(), r.meshMillis(),
          r.meshRetainedMegabytes(), r.loadRetainedMegabytes() + r.meshRetainedMegabytes()));
    }
    return s.toString();
  }
}

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
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Memory and scale: for meshes of 1,000 and 10,000 hosts ({@link SyntheticMesh}: a ServiceEntry,
 * a DestinationRule and a 10-route VirtualService per host), the time to load them and the heap
 * the result retains. Targets (issue 6): 10,000 services compile in at most 2 s and hold at most
 * 100 MB of heap.
 *
 * <p>Retained heap is the heap in use after full collections with the object reachable, minus the
 * same right after it is dropped; each figure is the median of {@link #REPEATS} measurements, after
 * both the load and the compile have been warmed up. Run it alone on
 * the machine, with a fixed heap and a collector that compacts fully on {@code System.gc()}:
 *
 * <pre>
 * java -Xms3g -Xmx3g -XX:+UseSerialGC -cp mesh-benchmarks/target/benchmarks.jar \
 *     io.meshlet.benchmarks.scale.ScaleBenchmark [--docs docs] [--note TEXT] [HOSTS...]
 * </pre>
 */
public final class ScaleBenchmark {
  static final int REPEATS = 5;
  static final int GC_READINGS = 6;
  private static final long WARMUP_NANOS = 15_000_000_000L;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  /**
   * What is being measured. Held in a field, not a local, so that clearing it surely makes it
   * unreachable: a local of an earlier call still in its stack slot would keep it alive.
   */
  private static Object held;

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
    // Warm the loader's and the compiler's code up on a small mesh for a while, so the first size
    // does not pay for JIT compilation (five loads were not enough: 1,000 hosts then took longer per
    // host than 10,000).
    long warmUntil = System.nanoTime() + WARMUP_NANOS;
    SyntheticMesh small = SyntheticMesh.of(200);
    while (System.nanoTime() < warmUntil) {
      load(small);
      compile((MeshConfig) held);
      drop();
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
      loadMillis[r] = load(synthetic);
      resources = ((MeshConfig) held).resources().size();
      loadRetained[r] = retainedByHeld();
      double[] mesh = compileAndMeasure(synthetic);
      meshMillis[r] = mesh[0];
      meshRetained[r] = mesh[1];
    }
    return new Row(hosts, resources, yamlBytes / 1048576.0, median(loadMillis), median(loadRetained),
        median(meshMillis), median(meshRetained));
  }

  /**
   * Loads the mesh, then times its compile into a Mesh and measures the heap the Mesh retains
   * beyond the configuration, which stays reachable through a local of this frame meanwhile.
   */
  private static double[] compileAndMeasure(SyntheticMesh synthetic) {
    load(synthetic);
    MeshConfig config = (MeshConfig) held;
    double millis = compile(config);
    double megabytes = retainedByHeld();
    Reference.reachabilityFence(config);
    return new double[] {millis, megabytes};
  }

  /** Loads the mesh into {@link #held}; returns the milliseconds it took. */
  private static double load(SyntheticMesh synthetic) {
    List<ConfigSource> sources = synthetic.sources();
    long t0 = System.nanoTime();
    held = new ConfigLoader().load(sources);
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Compiles a loaded configuration into a Mesh held in {@link #held}; returns the milliseconds of {@code build()}. */
  private static double compile(MeshConfig config) {
    long t0 = System.nanoTime();
    held = Mesh.builder().workload("bench", SyntheticMesh.NAMESPACE, Map.of()).config(config).build();
    return (System.nanoTime() - t0) / 1e6;
  }

  /**
   * The heap {@link #held} retains, in MB: heap in use after full collections with it reachable,
   * minus the same right after it is dropped. Taking both readings back to back, with nothing else
   * allocated or freed in between, keeps unrelated garbage (JIT, class data, the sources) out of the
   * difference.
   */
  private static double retainedByHeld() {
    long with = usedAfterGc();
    drop();
    long without = usedAfterGc();
    return (with - without) / 1048576.0;
  }

  // A method of its own: javac keeps the operand of an instanceof pattern in a local slot, which
  // would keep the dropped object reachable for the rest of the caller's frame.
  private static void drop() {
    if (held instanceof Mesh mesh) {
      mesh.close();
    }
    held = null;
  }

  /**
   * Heap in use after full collections: the least of {@link #GC_READINGS} readings, each after its
   * own {@code System.gc()}. Not one reading: the serial collector's mark-compact leaves up to
   * {@code MarkSweepDeadRatio} (5%) of the old generation as uncompacted dead objects, still counted
   * as used, and compacts fully only every {@code MarkSweepAlwaysCompactCount} (4th) collection; a
   * single reading could therefore count a just-dropped 100 MB as live (which made the earlier
   * figures swing, down to negative ones). Nothing else allocates meanwhile, so the least reading is
   * the live heap.
   */
  static long usedAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < GC_READINGS; i++) {
      System.gc();
      least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return least;
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

package io.meshlet.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Forked runs ({@code --forks}): each fork is a child JVM running the benchmark's rounds with its
 * own endpoint server and proxies, and writing every window it measured to a file; the parent reads
 * them back, in order, into one set of results. The JIT compiles the client (OkHttp and Meshlet)
 * differently in each JVM, and that difference between JVMs is invisible to rounds that share one,
 * so forks put it into the rounds' spread, as JMH's forks do for micro-benchmarks.
 *
 * <p>The file has one tab-separated line per window: {@code closed} or {@code rated}, the set-up's
 * key and name, errors, elapsed, client CPU, client JIT, server CPU and proxy CPU nanoseconds, and
 * the latency histogram in HdrHistogram's compressed form, Base64; and a {@code skipped} line per
 * set-up the child could not run.
 */
final class ForkData {
  private static final String CLOSED = "closed";
  private static final String RATED = "rated";
  private static final String SKIPPED = "skipped";

  private ForkData() {}

  /** One measured window of one set-up, closed loop or at the fixed rate. */
  record Recorded(boolean fixedRate, String key, String name, LoadGenerator.Window window) {}

  /** Runs {@code o.forks()} children one after another and pools their windows; adds their skipped set-ups. */
  static LoadBenchmark.Measured runForks(LoadOptions o, List<String> skipped) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("meshlet-forks-");
    List<Path> files = new ArrayList<>();
    try {
      for (int i = 1; i <= o.forks(); i++) {
        Path data = dir.resolve("fork-" + i + ".tsv");
        files.add(data);
        System.out.printf("fork %d/%d: a new client JVM%n", i, o.forks());
        Process child = new ProcessBuilder(command(o, data)).redirectErrorStream(true).start();
        try (BufferedReader out = child.inputReader(StandardCharsets.UTF_8)) {
          out.lines().forEach(System.out::println); // through System.out, wherever that goes
        }
        int exit = child.waitFor();
        if (exit != 0) {
          throw new IOException("fork " + i + " exited with " + exit + " (its output is above)");
        }
      }
      return read(files, o.setups(), skipped);
    } finally {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    }
  }

  /** The child's command line: this JVM's java, options and class path, and the child's options. */
  static List<String> command(LoadOptions o, Path data) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LoadBenchmark.class.getName());
    cmd.addAll(o.forkChild(data).toArgs());
    cmd.addAll(List.of("--haproxy", o.haproxy(), "--docs", "none", "--fork-data", data.toString()));
    return cmd;
  }

  /** Writes a child's windows and skipped set-ups to {@code file}. */
  static void write(Path file, List<Recorded> windows, List<String> skipped) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Recorded r : windows) {
      LoadGenerator.Window w = r.window();
      ByteBuffer buffer = ByteBuffer.allocate(w.latencies().getNeededByteBufferCapacity());
      int length = w.latencies().encodeIntoCompressedByteBuffer(buffer);
      byte[] histogram = new byte[length];
      buffer.flip();
      buffer.get(histogram);
      out.append(String.join("\t", r.fixedRate() ? RATED : CLOSED, r.key(), r.name(), Long.toString(w.errors()),
          Long.toString(w.elapsedNanos()), Long.toString(w.clientCpuNanos()), Long.toString(w.clientJitNanos()),
          Long.toString(w.serverCpuNanos()), Long.toString(w.proxyCpuNanos()),
          Base64.getEncoder().encodeToString(histogram))).append('\n');
    }
    for (String line : skipped) {
      out.append(SKIPPED).append('\t').append(line).append('\n');
    }
    Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
  }

  /**
   * Reads children's files, in order, into one result per set-up (in {@code order}, the options'
   * order), each fork's rounds after the previous fork's; adds to {@code skipped} what they skipped.
   */
  static LoadBenchmark.Measured read(List<Path> files, List<String> order, List<String> skipped) throws IOException {
    Map<String, SetupResult> closed = new LinkedHashMap<>();
    Map<String, SetupResult> rated = new LinkedHashMap<>();
    for (String key : order) {
      closed.put(key, null);
      rated.put(key, null);
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t");
        if (f[0].equals(SKIPPED)) {
          if (!skipped.contains(f[1])) {
            skipped.add(f[1]);
          }
          continue;
        }
        if (f.length != 10 || !(f[0].equals(CLOSED) || f[0].equals(RATED))) {
          throw new IOException(file + ": not a fork's window: " + line);
        }
        Map<String, SetupResult> results = f[0].equals(RATED) ? rated : closed;
        SetupResult result = results.get(f[1]);
        if (result == null) {
          result = new SetupResult(f[1], f[2]);
          results.put(f[1], result);
        }
        result.add(new LoadGenerator.Window(histogram(file, f[9]), Long.parseLong(f[3]), Long.parseLong(f[4]),
            Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8])));
      }
    }
    return new LoadBenchmark.Measured(present(closed), present(rated), List.of());
  }

  private static Histogram histogram(Path file, String base64) throws IOException {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)),
          LoadGenerator.HIGHEST_NANOS);
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new IOException(file + ": bad latency histogram", e);
    }
  }

  private static List<SetupResult> present(Map<String, SetupResult> results) {
    return results.values().stream().filter(r -> r != null).toList();
  }
}

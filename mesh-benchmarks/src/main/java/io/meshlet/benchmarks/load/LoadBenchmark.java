package io.meshlet.benchmarks.load;

import io.meshlet.benchmarks.DocsSection;
import io.meshlet.benchmarks.MachineFacts;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-to-end loopback load benchmark: the same load through (a) bare OkHttp, (b) OkHttp +
 * Meshlet, (c) one HAProxy hop and (d) two HAProxy hops (and, on request, (h): (a) plus Envoy's two
 * request headers; (f): (a) plus all the OkHttp work of Meshlet's adapter; (r): (f) without its
 * interceptor-chain copies), to the same three endpoints, alternating set-ups round by round (in reverse
 * order every other round) so machine noise hits all alike; in every round first at full speed
 * (closed loop: throughput and CPU per request) and then at a fixed rate (open loop: the latency a
 * request meets below saturation). Prints the tables, and updates the {@code load-benchmark}
 * section of {@code docs/performance.md} and the two charts in {@code docs/images/}.
 *
 * <p>Run it with {@code mesh-benchmarks/run-load.sh [options]} from the repository root; the
 * options are in {@link LoadOptions#USAGE}.
 */
public final class LoadBenchmark {
  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(LoadOptions.USAGE);
      return;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    run(options);
  }

  static void run(LoadOptions o) throws IOException, InterruptedException {
    List<String> skipped = new ArrayList<>();
    if (o.forks() > 1 && o.forkData() == null) {
      report(o, ForkData.runForks(o, skipped), skipped);
      return;
    }
    Path work = Files.createTempDirectory("meshlet-load-");
    List<ClientSetup> setups = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(o.payloadBytes(), o.serverThreads())) {
      int[] endpoints = server.ports();
      System.out.printf(Locale.ROOT, "endpoints on 127.0.0.1:%d,%d,%d (%d-byte body); work dir %s%n",
          endpoints[0], endpoints[1], endpoints[2], o.payloadBytes(), work);
      try {
        for (String key : o.setups()) {
          ClientSetup s = create(key, o, work, endpoints);
          if (s == null) {
            skipped.add("(" + key + ") skipped: io.meshlet.okhttp.MeshInterceptor is not on the class path");
            System.out.println(skipped.get(skipped.size() - 1));
          } else {
            setups.add(s);
          }
        }
        Measured m = measure(o, setups, server.handle());
        if (o.forkData() != null) {
          ForkData.write(o.forkData(), m.windows(), skipped); // the parent reports
        } else {
          report(o, m, skipped);
        }
      } finally {
        setups.forEach(ClientSetup::close);
      }
    }
  }

  private static ClientSetup create(String key, LoadOptions o, Path work, int[] endpoints) throws IOException {
    return switch (key) {
      case "a" -> Setups.direct(endpoints, o.concurrency());
      case "b" -> Setups.meshlet(endpoints, o.concurrency(), o.fqdn());
      case "h" -> Setups.envoyHeaders(endpoints, o.concurrency());
      case "f" -> Setups.adapterFloor(endpoints, o.concurrency());
      case "r" -> Setups.responseFloor(endpoints, o.concurrency());
      case "c" -> Setups.oneHop(o.haproxy(), work, endpoints, o.concurrency());
      case "d" -> Setups.twoHops(o.haproxy(), work, endpoints, o.concurrency());
      default -> throw new IllegalArgumentException("unknown set-up " + key);
    };
  }

  /**
   * Per set-up, the full-speed (closed-loop) results and the fixed-rate ones (empty without a rate),
   * and every window they were summed from, in the order measured (what a fork hands its parent).
   */
  record Measured(List<SetupResult> closedLoop, List<SetupResult> fixedRate, List<ForkData.Recorded> windows) {}

  private static Measured measure(LoadOptions o, List<ClientSetup> setups, ProcessHandle server)
      throws InterruptedException {
    LoadGenerator generator = new LoadGenerator(o.concurrency(), o.payloadBytes());
    LoadGenerator atRate = new LoadGenerator(o.concurrency(), o.payloadBytes(), o.rate());
    Map<String, SetupResult> results = new LinkedHashMap<>();
    Map<String, SetupResult> rated = new LinkedHashMap<>();
    List<ForkData.Recorded> windows = new ArrayList<>();
    for (ClientSetup s : setups) {
      results.put(s.key(), new SetupResult(s.key(), s.name()));
      rated.put(s.key(), new SetupResult(s.key(), s.name()));
    }
    // Priming: every set-up runs once, unmeasured, so that round 1 does not pay for JIT compilation
    // of the client, the server and the set-up's own code, nor for opening connections.
    for (ClientSetup s : setups) {
      System.out.printf(Locale.ROOT, "priming (%s) %s for %d s%n", s.key(), s.name(), o.warmup().toSeconds());
      generator.run(s, server, Duration.ZERO, o.warmup());
    }
    for (int round = 1; round <= o.rounds(); round++) {
      List<ClientSetup> order = roundOrder(setups, round);
      if (o.turn().isZero()) {
        for (ClientSetup s : order) {
          System.gc(); // start every run from a collected heap, so one run's garbage is not the next one's pause
          LoadGenerator.Window w = generator.run(s, server, o.warmup(), o.duration());
          results.get(s.key()).add(w);
          windows.add(new ForkData.Recorded(false, s.key(), s.name(), w));
          printRound(round, o.rounds(), s, w, "");
        }
      } else {
        System.gc();
        List<LoadGenerator.Window> turns = generator.turns(order, server, o.turnLeadIn(), o.turn(),
            o.turnsPerRound());
        for (int i = 0; i < order.size(); i++) {
          ClientSetup s = order.get(i);
          results.get(s.key()).add(turns.get(i));
          windows.add(new ForkData.Recorded(false, s.key(), s.name(), turns.get(i)));
          printRound(round, o.rounds(), s, turns.get(i), " (in turns)");
        }
      }
      if (o.rate() > 0) {
        // All set-ups at the same time, each with its own threads: the same machine conditions for each.
        System.gc();
        List<LoadGenerator.Window> together = atRate.together(setups, server, LoadOptions.RATE_WARMUP,
            o.rateDuration());
        for (int i = 0; i < setups.size(); i++) {
          ClientSetup s = setups.get(i);
          LoadGenerator.Window w = together.get(i);
          rated.get(s.key()).add(w);
          windows.add(new ForkData.Recorded(true, s.key(), s.name(), w));
          printRound(round, o.rounds(), s, w, " (fixed rate, together)");
        }
      }
    }
    return new Measured(List.copyOf(results.values()), o.rate() > 0 ? List.copyOf(rated.values()) : List.of(),
        windows);
  }

  private static void printRound(int round, int rounds, ClientSetup s, LoadGenerator.Window w, String how) {
    System.out.printf(Locale.ROOT, "round %d/%d (%s) %-40s %9.0f req/s  p50 %7.1f µs  p99 %8.1f µs  errors %d%s%n",
        round, rounds, s.key(), s.name(), w.requests() * 1e9 / w.elapsedNanos(),
        w.latencies().getValueAtPercentile(50) / 1000.0, w.latencies().getValueAtPercentile(99) / 1000.0,
        w.errors(), how);
  }

  /**
   * The order of the set-ups' full-speed runs in round {@code round} (from 1): as given in odd rounds,
   * reversed in even ones (a,b,c,d then d,c,b,a), so that a drift of the machine's speed during the
   * run, which would favour whichever set-up runs first in every round, cancels over pairs of rounds.
   */
  static <T> List<T> roundOrder(List<T> setups, int round) {
    if (round % 2 == 1) {
      return setups;
    }
    List<T> reversed = new ArrayList<>(setups);
    Collections.reverse(reversed);
    return reversed;
  }

  private static void report(LoadOptions o, Measured m, List<String> skipped) throws IOException {
    List<SetupResult> results = m.closedLoop();
    Report report = new Report(results, m.fixedRate(), o.rate());
    System.out.println();
    System.out.print(report.console());
    report.targets().forEach(System.out::println);
    if (o.docs() == null) {
      return;
    }
    Path png = o.docs().resolve("images").resolve("load-latency.png");
    LatencyChart.write(results, String.format(Locale.ROOT, "Client-observed latency, closed loop, concurrency %d, "
        + "%d-byte body", o.concurrency(), o.payloadBytes()), png);
    Path ratePng = o.docs().resolve("images").resolve("load-latency-fixed-rate.png");
    if (o.rate() > 0) {
      LatencyChart.write(m.fixedRate(), String.format(Locale.ROOT, "Client-observed latency at %,d requests/s, "
          + "%d connections, %d-byte body", o.rate(), o.concurrency(), o.payloadBytes()), ratePng);
    }
    StringBuilder md = new StringBuilder();
    if (!o.note().isBlank()) {
      md.append("**").append(o.note().trim()).append("**\n\n");
    }
    md.append("Command: `").append(command(o)).append("`  \n")
        .append("Machine: ").append(MachineFacts.describe()).append("  \n")
        .append("HAProxy: ").append(haproxyVersion(o.haproxy())).append("  \n")
        .append(String.format(Locale.ROOT, "Load: %d client threads, closed loop; %s; %d-byte responses from three "
            + "endpoints.%s%n%n", o.concurrency(), closedLoopPlan(o), o.payloadBytes(),
            o.rate() == 0 ? "" : String.format(Locale.ROOT, " Then in every round all set-ups at the same time, at a "
                + "fixed %,d requests/s each from %d threads each (open loop): %d s warm-up + %d s measured.", o.rate(),
                o.concurrency(), LoadOptions.RATE_WARMUP.toSeconds(), o.rateDuration().toSeconds())))
        .append(report.markdown());
    skipped.forEach(line -> md.append('\n').append(line).append('\n'));
    if (!report.targets().isEmpty()) {
      md.append('\n');
      report.targets().forEach(t -> md.append("- ").append(t).append('\n'));
    }
    md.append("\n![Latency percentiles per set-up, closed loop](images/load-latency.png)\n");
    if (o.rate() > 0) {
      md.append("\n![Latency percentiles per set-up at a fixed rate](images/load-latency-fixed-rate.png)\n");
    }
    Path file = o.docs().resolve("performance.md");
    DocsSection.rewrite(file, "load-benchmark", md.toString());
    System.out.println("updated " + file + " and " + png);
  }

  /** How the closed-loop runs were laid out, for the docs. */
  static String closedLoopPlan(LoadOptions o) {
    String order = String.join(",", o.setups()) + ", then " + String.join(",", roundOrder(o.setups(), 2));
    String forks = o.forks() == 1 ? "" : String.format(Locale.ROOT, "in each of %d client JVMs one after another "
        + "(forks, each with its own endpoint server and proxies; their rounds pooled), ", o.forks());
    if (o.turn().isZero()) {
      return String.format(Locale.ROOT, "%s%d round(s) of %d s warm-up + %d s measured per set-up, set-ups "
          + "alternating (%s)", forks, o.rounds(), o.warmup().toSeconds(), o.duration().toSeconds(), order);
    }
    return String.format(Locale.ROOT, "%safter a %d s priming run of each set-up, %d round(s) of %d turns per "
        + "set-up, each turn %s s unmeasured + %s s measured, the set-ups taking turns (%s, and so on)", forks,
        o.warmup().toSeconds(), o.rounds(), o.turnsPerRound(), seconds(o.turnLeadIn()), seconds(o.turn()), order);
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  private static String command(LoadOptions o) {
    return "mesh-benchmarks/run-load.sh " + String.join(" ", o.toArgs());
  }

  private static String haproxyVersion(String binary) {
    try {
      Process p = new ProcessBuilder(binary, "-v").redirectErrorStream(true).start();
      String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
      p.waitFor();
      return first.trim();
    } catch (IOException e) {
      return "not available";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}

package io.meshlet.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load benchmark's options, from {@code --name value} flags. Defaults take about five minutes for
 * all four set-ups: a 5 s priming run of each, then 3 rounds, each of 15 turns per set-up at full
 * speed (0.2 s lead-in + 1 s measured, the set-ups taking turns) and one run of all four together
 * at the fixed rate (1 s + 10 s).
 *
 * @param concurrency client threads (connections), in both the closed-loop and the fixed-rate runs
 * @param warmup the priming run of each set-up; without turns, also the unmeasured start of every run
 * @param duration measured time per set-up and round
 * @param rounds how many times each set-up runs; set-ups alternate within a round
 * @param payloadBytes response body size
 * @param setups set-up keys in run order, from {@code a,b,c,d,h,f,r}
 * @param serverThreads event-loop threads of the endpoint server
 * @param haproxy the HAProxy binary
 * @param docs the docs directory to update, or null to only print
 * @param note a line printed above the table in the docs (for example, that a run is a smoke test)
 * @param fqdn whether set-up (b) calls the service by its fully qualified name instead of its short name
 * @param rate requests per second each set-up gets in the fixed-rate (open-loop) runs; 0 for none
 * @param rateDuration measured time of every fixed-rate run
 * @param turn with a positive value, each round's full-speed runs are cut into turns of this length
 *     that the set-ups take one after the other ({@link LoadGenerator#turns}); zero for one run of
 *     {@code duration} per set-up and round
 * @param forks how many client JVMs run {@code rounds} rounds each, one after the other, pooled in
 *     one report ({@link ForkData}); 1 runs the rounds in this JVM
 * @param forkData where a forked child writes what it measured, for its parent; null otherwise
 */
record LoadOptions(int concurrency, Duration warmup, Duration duration, int rounds, int payloadBytes,
    List<String> setups, int serverThreads, String haproxy, Path docs, String note, boolean fqdn, int rate,
    Duration rateDuration, Duration turn, int forks, Path forkData) {

  /** The options of one forked child: these, in one JVM, writing its windows to {@code data}. */
  LoadOptions forkChild(Path data) {
    return new LoadOptions(concurrency, warmup, duration, rounds, payloadBytes, setups, serverThreads, haproxy, null,
        note, fqdn, rate, rateDuration, turn, 1, data);
  }

  /** Turns a round's measured {@code duration} per set-up is cut into (at least one). */
  int turnsPerRound() {
    return (int) Math.max(1, (duration.toMillis() + turn.toMillis() - 1) / turn.toMillis());
  }

  /** The unmeasured start of every turn: a fifth of it, for the set-up's threads to get going. */
  Duration turnLeadIn() {
    return turn.dividedBy(5);
  }

  /** Every set-up's key: the four, then the optional ones that take (b) apart. */
  static final List<String> SETUP_KEYS = List.of("a", "b", "c", "d", "h", "f", "r");

  /** The unmeasured start of every fixed-rate run: connections are open and code is compiled by then. */
  static final Duration RATE_WARMUP = Duration.ofSeconds(1);

  static final String USAGE = """
      usage: LoadBenchmark [options]
        --concurrency N     client threads and connections (default 8)
        --warmup SECONDS    the priming run of each set-up before round 1 and, with
                            --turn 0, the unmeasured start of every run (default 5)
        --duration SECONDS  measured time per set-up and round (default 15)
        --turn MILLIS       full-speed runs in turns of this length, the set-ups
                            taking turns a,b,c,d,d,c,b,a,a,b,... within each round,
                            each turn after a fifth of its length unmeasured; 0 for
                            one run of --duration per set-up and round (default 1000)
        --rounds N          rounds; set-ups alternate a,b,c,d,d,c,b,a,a,b,... (default 3)
        --forks N           client JVMs, one after another, each running --rounds
                            rounds (and its own endpoint server and proxies), all
                            rounds pooled in one report (default 1: this JVM)
        --payload BYTES     response body size (default 1024)
        --setups LIST       which set-ups, from a,b,c,d (default a,b,c,d), and h:
                            (a) plus the two request headers Envoy and (b) add,
                            f: (a) plus all the OkHttp work of (b)'s adapter,
                            r: f without its interceptor-chain copies
        --server-threads N  event-loop threads of the endpoint server (default 1)
        --haproxy PATH      HAProxy binary (default haproxy)
        --docs DIR|none     where performance.md and images/ are updated (default docs)
        --note TEXT         a line printed above the table in the docs
        --mesh-host short|fqdn
                            how (b) names the service: endpoints (default) or
                            endpoints.bench.svc.cluster.local
        --rate N            requests/s per set-up of the fixed-rate latency run that
                            follows each round's full-speed runs, all set-ups at the
                            same time, each on its own threads; 0 for none (default 1000)
        --rate-duration SECONDS
                            measured time of the fixed-rate runs (default 10)
      """;

  static LoadOptions defaults() {
    return parse();
  }

  static LoadOptions parse(String... args) {
    int concurrency = 8;
    Duration warmup = Duration.ofSeconds(5);
    Duration duration = Duration.ofSeconds(15);
    int rounds = 3;
    int payload = 1024;
    List<String> setups = List.of("a", "b", "c", "d");
    int serverThreads = 1;
    String haproxy = "haproxy";
    Path docs = Path.of("docs");
    String note = "";
    boolean fqdn = false;
    int rate = 1000;
    Duration rateDuration = Duration.ofSeconds(10);
    Duration turn = Duration.ofSeconds(1);
    int forks = 1;
    Path forkData = null;
    for (int i = 0; i < args.length; i += 2) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + flag + "\n" + USAGE);
      }
      String v = args[i + 1];
      switch (flag) {
        case "--concurrency" -> concurrency = positive(flag, v);
        case "--warmup" -> warmup = seconds(flag, v, true);
        case "--duration" -> duration = seconds(flag, v, false);
        case "--rounds" -> rounds = positive(flag, v);
        case "--payload" -> payload = positive(flag, v);
        case "--setups" -> setups = setups(v);
        case "--server-threads" -> serverThreads = positive(flag, v);
        case "--haproxy" -> haproxy = v;
        case "--docs" -> docs = v.equals("none") ? null : Path.of(v);
        case "--note" -> note = v;
        case "--mesh-host" -> fqdn = meshHost(v);
        case "--rate" -> rate = v.equals("0") ? 0 : positive(flag, v);
        case "--rate-duration" -> rateDuration = seconds(flag, v, false);
        case "--forks" -> forks = positive(flag, v);
        case "--fork-data" -> forkData = Path.of(v);
        case "--turn" -> turn = v.equals("0") ? Duration.ZERO : Duration.ofMillis(positive(flag, v));
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    return new LoadOptions(concurrency, warmup, duration, rounds, payload, setups, serverThreads, haproxy, docs, note,
        fqdn, rate, rateDuration, turn, forks, forkData);
  }

  /** The options as flags, for the command line recorded in the docs. */
  List<String> toArgs() {
    List<String> a = new ArrayList<>(List.of("--concurrency", Integer.toString(concurrency),
        "--warmup", Long.toString(warmup.toSeconds()), "--duration", Long.toString(duration.toSeconds()),
        "--rounds", Integer.toString(rounds), "--payload", Integer.toString(payloadBytes),
        "--setups", String.join(",", setups), "--turn", Long.toString(turn.toMillis()),
        "--rate", Integer.toString(rate)));
    if (rate > 0) {
      a.addAll(List.of("--rate-duration", Long.toString(rateDuration.toSeconds())));
    }
    if (forks != 1) {
      a.addAll(List.of("--forks", Integer.toString(forks)));
    }
    if (serverThreads != 1) {
      a.addAll(List.of("--server-threads", Integer.toString(serverThreads)));
    }
    if (fqdn) {
      a.addAll(List.of("--mesh-host", "fqdn"));
    }
    return a;
  }

  private static int positive(String flag, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " must be a positive integer, got " + v);
  }

  private static Duration seconds(String flag, String v, boolean zeroAllowed) {
    try {
      long s = Long.parseLong(v);
      if (s > 0 || (zeroAllowed && s == 0)) {
        return Duration.ofSeconds(s);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " must be a whole number of seconds, got " + v);
  }

  private static boolean meshHost(String v) {
    return switch (v) {
      case "short" -> false;
      case "fqdn" -> true;
      default -> throw new IllegalArgumentException("--mesh-host takes short or fqdn, got " + v);
    };
  }

  private static List<String> setups(String v) {
    List<String> keys = new ArrayList<>();
    for (String k : v.toLowerCase(Locale.ROOT).split(",")) {
      String key = k.trim();
      if (!SETUP_KEYS.contains(key)) {
        throw new IllegalArgumentException("--setups takes letters from " + String.join(",", SETUP_KEYS) + ", got " + v);
      }
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    return List.copyOf(keys);
  }
}

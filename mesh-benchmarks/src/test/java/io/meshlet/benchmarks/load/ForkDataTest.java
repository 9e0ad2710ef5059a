package io.meshlet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkDataTest {

  @Test
  void windowsWrittenByForksReadBackPooledInRunOrder(@TempDir Path dir) throws IOException {
    Path first = dir.resolve("fork-1.tsv");
    Path second = dir.resolve("fork-2.tsv");
    ForkData.write(first, List.of(closed("b", 100, 2_000), closed("a", 200, 1_000), rated("a", 50, 700)),
        List.of("(h) skipped: no reason"));
    ForkData.write(second, List.of(closed("a", 300, 1_500), closed("b", 100, 2_500), rated("a", 60, 900)),
        List.of("(h) skipped: no reason"));

    List<String> skipped = new ArrayList<>();
    LoadBenchmark.Measured m = ForkData.read(List.of(first, second), List.of("a", "h", "b"), skipped);

    assertThat(m.closedLoop()).extracting(SetupResult::key).as("in the options' order").containsExactly("a", "b");
    SetupResult a = m.closedLoop().get(0);
    SetupResult b = m.closedLoop().get(1);
    assertThat(a.rounds()).isEqualTo(2);
    assertThat(a.requests()).isEqualTo(500);
    assertThat(a.errors()).isEqualTo(2);
    assertThat(a.name()).isEqualTo("set-up a");
    assertThat(a.micros(50)).as("the histograms survive").isBetween(999.0, 1_501.0);
    // Round by round, fork 1's round pairs with fork 1's: b/a = 100/200 there, 100/300 in fork 2.
    assertThat(b.throughputRatios(a)).containsExactly(100.0 / 300, 100.0 / 200);
    assertThat(m.fixedRate()).extracting(SetupResult::key).containsExactly("a");
    assertThat(m.fixedRate().get(0).requests()).isEqualTo(110);
    assertThat(skipped).containsExactly("(h) skipped: no reason");
  }

  @Test
  void aFileThatIsNotAForksIsRejectedByName(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("fork-1.tsv");
    Files.writeString(bad, "closed\ta\tonly three fields\n");
    assertThatThrownBy(() -> ForkData.read(List.of(bad), List.of("a"), new ArrayList<>()))
        .isInstanceOf(IOException.class).hasMessageContaining(bad.toString());
  }

  @Test
  void aChildRunsTheSameOptionsInOneJvmAndReportsNothingItself() {
    LoadOptions o = LoadOptions.parse("--forks", "3", "--rounds", "2", "--setups", "a,b", "--haproxy", "/x/haproxy");
    Path data = Path.of("/tmp/fork-1.tsv");
    List<String> cmd = ForkData.command(o, data);

    assertThat(cmd.get(0)).endsWith("java");
    assertThat(cmd).contains(LoadBenchmark.class.getName()).doesNotContain("--forks");
    assertThat(String.join(" ", cmd)).contains("--rounds 2").contains("--setups a,b").contains("--haproxy /x/haproxy")
        .contains("--docs none").endsWith("--fork-data " + data);
    LoadOptions child = LoadOptions.parse(cmd.subList(cmd.indexOf(LoadBenchmark.class.getName()) + 1, cmd.size())
        .toArray(String[]::new));
    assertThat(child).isEqualTo(o.forkChild(data));
    assertThat(child.forks()).isEqualTo(1);
    assertThat(child.docs()).isNull();
  }

  @Test
  void forkedRunsPoolTheirRoundsIntoOneReport(@TempDir Path docs) throws Exception {
    // Two child JVMs, each with its own endpoint server, one short round of (a) each.
    LoadOptions o = LoadOptions.parse("--forks", "2", "--rounds", "1", "--setups", "a", "--warmup", "0",
        "--duration", "1", "--turn", "250", "--rate", "0", "--concurrency", "2", "--docs", docs.toString());
    LoadBenchmark.run(o);

    String md = Files.readString(docs.resolve("performance.md"));
    assertThat(md).contains("in each of 2 client JVMs one after another").contains("| (a) OkHttp → endpoints |")
        .contains("--forks 2");
    assertThat(Files.size(docs.resolve("images/load-latency.png"))).isPositive();
  }

  private static ForkData.Recorded closed(String key, long requests, long micros) {
    return new ForkData.Recorded(false, key, "set-up " + key, window(requests, micros));
  }

  private static ForkData.Recorded rated(String key, long requests, long micros) {
    return new ForkData.Recorded(true, key, "set-up " + key, window(requests, micros));
  }

  /** A one-second window of {@code requests} requests of {@code micros} each, one error, made-up CPU times. */
  private static LoadGenerator.Window window(long requests, long micros) {
    Histogram h = new Histogram(LoadGenerator.HIGHEST_NANOS, 3);
    h.recordValueWithCount(micros * 1_000, requests);
    return new LoadGenerator.Window(h, 1, 1_000_000_000L, 7_000_000, 10_000, 3_000_000, 0);
  }
}

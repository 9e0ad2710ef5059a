package io.meshlet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadBenchmarkTest {

  @Test
  void everyOtherRoundRunsTheSetUpsInReverseSoThatDriftCancels() {
    List<String> setups = List.of("a", "b", "c", "d");

    assertThat(LoadBenchmark.roundOrder(setups, 1)).containsExactly("a", "b", "c", "d");
    assertThat(LoadBenchmark.roundOrder(setups, 2)).containsExactly("d", "c", "b", "a");
    assertThat(LoadBenchmark.roundOrder(setups, 3)).containsExactly("a", "b", "c", "d");
    assertThat(setups).containsExactly("a", "b", "c", "d"); // the caller's list is left as it was
  }

  @Test
  void docsDescribeTheClosedLoopAsItRan() {
    assertThat(LoadBenchmark.closedLoopPlan(LoadOptions.parse("--rounds", "5", "--setups", "a,b")))
        .isEqualTo("after a 5 s priming run of each set-up, 5 round(s) of 15 turns per set-up, each turn 0.2 s "
            + "unmeasured + 1 s measured, the set-ups taking turns (a,b, then b,a, and so on)");
    assertThat(LoadBenchmark.closedLoopPlan(LoadOptions.parse("--turn", "0")))
        .isEqualTo("3 round(s) of 5 s warm-up + 15 s measured per set-up, set-ups alternating (a,b,c,d, then d,c,b,a)");
  }
}

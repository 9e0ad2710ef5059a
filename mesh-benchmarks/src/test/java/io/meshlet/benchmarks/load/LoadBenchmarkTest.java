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
}

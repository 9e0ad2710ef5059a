package io.meshlet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

  @Test
  void flagsOverrideDefaults() {
    LoadOptions o = LoadOptions.parse("--concurrency", "4", "--duration", "3", "--warmup", "0", "--rounds", "2",
        "--payload", "512", "--setups", "d,a,a", "--docs", "none");

    assertThat(o.concurrency()).isEqualTo(4);
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.warmup()).isZero();
    assertThat(o.rounds()).isEqualTo(2);
    assertThat(o.payloadBytes()).isEqualTo(512);
    assertThat(o.setups()).containsExactly("d", "a");
    assertThat(o.docs()).isNull();
  }

  @Test
  void defaultsRunAllFourSetUps() {
    assertThat(LoadOptions.defaults().setups()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void recordedCommandReproducesTheOptions() {
    LoadOptions o = LoadOptions.parse("--concurrency", "4", "--setups", "a,c", "--mesh-host", "fqdn");
    assertThat(o.fqdn()).isTrue();
    assertThat(LoadOptions.defaults().fqdn()).as("the short name by default").isFalse();

    assertThat(LoadOptions.parse(o.toArgs().toArray(String[]::new))).isEqualTo(o);
    LoadOptions noRate = LoadOptions.parse("--rate", "0");
    assertThat(LoadOptions.parse(noRate.toArgs().toArray(String[]::new))).isEqualTo(noRate);
  }

  @Test
  void fixedRateRunsFollowByDefault() {
    assertThat(LoadOptions.defaults().rate()).isEqualTo(1000);
    assertThat(LoadOptions.defaults().rateDuration()).isEqualTo(Duration.ofSeconds(10));
    LoadOptions o = LoadOptions.parse("--rate", "250", "--rate-duration", "4");
    assertThat(o.rate()).isEqualTo(250);
    assertThat(o.rateDuration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(LoadOptions.parse("--rate", "0").rate()).isZero();
  }

  @Test
  void turnsCutEachRoundsDurationAndZeroRunsWholeWindows() {
    LoadOptions o = LoadOptions.parse("--duration", "15", "--turn", "1000");
    assertThat(o.turn()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.turnsPerRound()).isEqualTo(15);
    assertThat(o.turnLeadIn()).isEqualTo(Duration.ofMillis(200));
    assertThat(LoadOptions.parse("--duration", "15", "--turn", "4000").turnsPerRound())
        .as("rounded up: every set-up gets at least the duration").isEqualTo(4);
    assertThat(LoadOptions.parse("--duration", "1", "--turn", "5000").turnsPerRound()).isEqualTo(1);
    assertThat(LoadOptions.parse("--turn", "0").turn()).isZero();
    LoadOptions whole = LoadOptions.parse("--turn", "0");
    assertThat(LoadOptions.parse(whole.toArgs().toArray(String[]::new))).isEqualTo(whole);
    assertThatThrownBy(() -> LoadOptions.parse("--turn", "-1")).hasMessageContaining("--turn");
  }

  @Test
  void forksDefaultToOneAndTheirChildrenRunInOneJvmWithoutDocs() {
    assertThat(LoadOptions.defaults().forks()).isEqualTo(1);
    LoadOptions o = LoadOptions.parse("--forks", "3");
    assertThat(o.forks()).isEqualTo(3);
    assertThat(LoadOptions.parse(o.toArgs().toArray(String[]::new))).isEqualTo(o);
    assertThat(o.toArgs()).containsSequence("--forks", "3");
    LoadOptions child = o.forkChild(Path.of("fork-1.tsv"));
    assertThat(child.forks()).isEqualTo(1);
    assertThat(child.forkData()).isEqualTo(Path.of("fork-1.tsv"));
    assertThat(child.docs()).isNull();
    assertThatThrownBy(() -> LoadOptions.parse("--forks", "0")).hasMessageContaining("--forks");
  }

  @Test
  void badValuesAreRejectedWithTheFlagName() {
    assertThatThrownBy(() -> LoadOptions.parse("--concurrency", "0")).hasMessageContaining("--concurrency");
    assertThatThrownBy(() -> LoadOptions.parse("--setups", "a,e")).hasMessageContaining("--setups");
    assertThat(LoadOptions.parse("--setups", "a,h,f,b").setups()).as("h and f are optional, never defaults")
        .containsExactly("a", "h", "f", "b");
    assertThatThrownBy(() -> LoadOptions.parse("--rounds")).hasMessageContaining("missing value");
    assertThatThrownBy(() -> LoadOptions.parse("--mesh-host", "long")).hasMessageContaining("--mesh-host");
    assertThatThrownBy(() -> LoadOptions.parse("--rate", "-5")).hasMessageContaining("--rate");
    assertThatThrownBy(() -> LoadOptions.parse("--fast", "yes")).hasMessageContaining("unknown option --fast");
    assertThat(List.of(LoadOptions.USAGE.split("\n"))).anyMatch(l -> l.contains("--setups"));
  }
}

package io.meshlet.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "1.5s, 1500000000", "100ms, 100000000", "1h, 3600000000000", "1m, 60000000000", "1h30m, 5400000000000",
      "250us, 250000", "250µs, 250000", "10ns, 10", "0, 0", "0s, 0", "0.250s, 250000000", "+3s, 3000000000",
      ".5s, 500000000", "2.s, 2000000000"})
  void readsGoDurationSyntax(String text, long nanos) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5x", "s", "1.2.3s", ".s", "5 s", "PT5S", "1d"})
  void rejectsWhatIstioRejects(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1s", "-5ms"})
  void rejectsNegative(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("must not be negative");
  }

  @ParameterizedTest
  @CsvSource({"1500000000, 1.5s", "100000000, 100ms", "3600000000000, 1h", "90000000000, 90s", "0, 0s",
      "1000000, 1ms", "1250000000, 1.25s", "1500, 0.0000015s", "60000000000, 1m"})
  void printsShortestExactForm(long nanos, String text) {
    assertThat(Durations.format(Duration.ofNanos(nanos))).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }
}

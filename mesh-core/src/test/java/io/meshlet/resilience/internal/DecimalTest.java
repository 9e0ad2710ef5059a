package io.meshlet.resilience.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecimalTest {

  @Test
  void writesEveryNumberAndReusesTheSmallOnes() {
    for (long v : new long[] {0, 7, 10, 999, 1000, 123_456_789_012L, -1, Long.MIN_VALUE}) {
      assertThat(Decimal.of(v)).isEqualTo(Long.toString(v));
    }
    assertThat(Decimal.of(42)).isSameAs(Decimal.of(42));
  }
}

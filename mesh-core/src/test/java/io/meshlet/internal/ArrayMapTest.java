package io.meshlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact maps model records keep: ordered, immutable, equal to any map of the same entries. */
class ArrayMapTest {

  @Test
  void keepsInsertionOrderAndEqualsAnyMapWithTheSameEntries() {
    Map<String, String> in = new LinkedHashMap<>();
    in.put("version", "v1");
    in.put("app", "reviews");
    Map<String, String> copy = ArrayMap.copyOf(in);
    assertThat(copy).isInstanceOf(ArrayMap.class);
    assertThat(copy.keySet()).containsExactly("version", "app");
    assertThat(copy).isEqualTo(new HashMap<>(in)).hasSameHashCodeAs(new HashMap<>(in));
    assertThat(copy.get("app")).isEqualTo("reviews");
    assertThat(copy.get("missing")).isNull();
    assertThat(copy.containsKey("version")).isTrue();
    assertThat(copy.entrySet()).containsAll(in.entrySet());
    assertThat(ArrayMap.copyOf(copy)).isSameAs(copy);
    assertThat(copy).hasToString("{version=v1, app=reviews}");
  }

  @Test
  void isUnmodifiable() {
    Map<String, String> copy = ArrayMap.copyOf(Map.of("app", "reviews"));
    assertThatThrownBy(() -> copy.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.remove("app")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(copy::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void largeMapsKeepTheirOrderToo() {
    Map<String, Integer> in = new LinkedHashMap<>();
    for (int i = ArrayMap.MAX_ENTRIES + 4; i > 0; i--) {
      in.put("k" + i, i);
    }
    Map<String, Integer> copy = ArrayMap.copyOf(in);
    assertThat(copy).isNotInstanceOf(ArrayMap.class).isEqualTo(in);
    assertThat(copy.keySet()).containsExactlyElementsOf(in.keySet());
  }
}

package io.meshlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InternerTest {
  private final Interner interner = new Interner();

  @Test
  void equalValuesAreOneObject() {
    String a = interner.intern(new String("reviews"));
    assertThat(interner.intern(new String("reviews"))).isSameAs(a);
    assertThat(interner.intern((String) null)).isNull();
  }

  @Test
  void equalArraysAreOneArrayAndNeverAList() {
    String[] a = interner.internArray(new String[] {"a", "b"});
    assertThat(interner.internArray(new String[] {"a", "b"})).isSameAs(a);
    List<String> list = List.of("a", "b");
    assertThat(interner.intern(list)).isSameAs(list);
  }

  @Test
  void aCompositeIsMadeOnceForTheVeryPartsAndFailuresAreNotKept() {
    String host = interner.intern("reviews");
    int[] made = {0};
    Object first = interner.composite(List.class, new Object[] {host}, () -> List.of(host + made[0]++));
    Object again = interner.composite(List.class, new Object[] {host}, () -> List.of(host + made[0]++));
    assertThat(again).isSameAs(first);
    assertThat(made[0]).isEqualTo(1);
    Object other = interner.composite(List.class, new Object[] {new String("reviews")}, () -> "other parts");
    assertThat(other).isEqualTo("other parts");
    Object failed = interner.composite(String.class, new Object[] {host}, () -> null);
    assertThat(failed).isNull();
    Object retried = interner.composite(String.class, new Object[] {host}, () -> "made after a failure");
    assertThat(retried).isEqualTo("made after a failure");
  }

  @Test
  void forgettingCompositesKeepsInternedValues() {
    String host = interner.intern("reviews");
    Object first = interner.composite(List.class, new Object[] {host}, () -> List.of(host));
    interner.forgetComposites();
    assertThat(interner.composite(List.class, new Object[] {host}, () -> List.of(host))).isNotSameAs(first);
    assertThat(interner.intern(new String("reviews"))).isSameAs(host);
  }
}

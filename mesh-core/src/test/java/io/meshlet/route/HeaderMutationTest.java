package io.meshlet.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.route.HeaderMutation.Action;
import io.meshlet.route.HeaderMutation.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderMutationTest {

  @Test
  void appliesOperationsInOrderToAnyHeaderContainer() {
    HeaderMutation m = HeaderMutation.of(List.of(new Operation(Action.REMOVE, "x-a", null),
        new Operation(Action.SET, "x-b", "1"), new Operation(Action.ADD, "x-c", "2")));
    List<String> calls = new ArrayList<>();
    m.applyTo(new HeaderSink() {
      @Override
      public void set(String name, String value) {
        calls.add("set " + name + "=" + value);
      }

      @Override
      public void add(String name, String value) {
        calls.add("add " + name + "=" + value);
      }

      @Override
      public void remove(String name) {
        calls.add("remove " + name);
      }
    });
    assertThat(calls).containsExactly("remove x-a", "set x-b=1", "add x-c=2");
  }

  @Test
  void emptyMutationIsTheSharedNone() {
    assertThat(HeaderMutation.of(List.of())).isSameAs(HeaderMutation.NONE);
    assertThat(HeaderMutation.NONE.isEmpty()).isTrue();
  }
}

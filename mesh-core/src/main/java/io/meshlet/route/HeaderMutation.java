package io.meshlet.route;

import java.util.List;
import java.util.Objects;

/**
 * Header operations for a request or a response, in the order Envoy applies them. The router merges
 * a route's and a destination's {@code headers} into one mutation when it compiles the
 * configuration: removes come before set/add within a level, and with several weighted destinations
 * the destination's level runs first so that a route-level {@code set} wins; with a single
 * destination its operations come after the route's.
 */
public final class HeaderMutation {

  /** What one operation does. */
  public enum Action {
    /** Delete every value of the header. */
    REMOVE,
    /** Replace every value of the header (Istio {@code set}). */
    SET,
    /** Append a value (Istio {@code add}). */
    ADD
  }

  /**
   * One header operation.
   *
   * @param action what to do
   * @param name the header name, lower-case
   * @param value the value for SET and ADD; null for REMOVE
   */
  public record Operation(Action action, String name, String value) {
    public Operation {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return action == Action.REMOVE ? "remove " + name : action.name().toLowerCase(java.util.Locale.ROOT) + " " + name
          + ": " + value;
    }
  }

  /** No operations. */
  public static final HeaderMutation NONE = new HeaderMutation(List.of());

  private final List<Operation> operations;
  private final Operation[] ops;

  private HeaderMutation(List<Operation> operations) {
    this.operations = List.copyOf(operations);
    this.ops = this.operations.toArray(new Operation[0]);
  }

  /** A mutation applying {@code operations} in order. */
  public static HeaderMutation of(List<Operation> operations) {
    return operations.isEmpty() ? NONE : new HeaderMutation(operations);
  }

  /** The operations, in the order they apply. */
  public List<Operation> operations() {
    return operations;
  }

  /** True when there is nothing to do. */
  public boolean isEmpty() {
    return ops.length == 0;
  }

  /** Applies every operation, in order, to {@code sink}. */
  public void applyTo(HeaderSink sink) {
    for (Operation op : ops) {
      switch (op.action) {
        case REMOVE -> sink.remove(op.name);
        case SET -> sink.set(op.name, op.value);
        case ADD -> sink.add(op.name, op.value);
        default -> throw new AssertionError(op.action);
      }
    }
  }

  @Override
  public String toString() {
    return operations.toString();
  }
}

package io.meshlet.config.model;

/**
 * A port of a destination service. Istio's selector once also had {@code name}; only the number
 * remains.
 *
 * @param number the port number
 */
public record PortSelector(Integer number) {

  /** A selector for port {@code number}. */
  public static PortSelector of(int number) {
    return new PortSelector(number);
  }
}

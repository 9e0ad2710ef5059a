package io.meshlet.config.model;

/**
 * A percentage in the range 0.0–100.0, as Istio's {@code Percent}. Istio converts it to parts per
 * million, so fractions such as 0.1 are honoured.
 *
 * @param value the percentage; null when written as {@code {}}
 */
public record Percent(Double value) {

  /** A percentage of {@code value}. */
  public static Percent of(double value) {
    return new Percent(value);
  }

  /** The value, with an empty {@code {}} read as 0 as protobuf does. */
  public double valueOrZero() {
    return value == null ? 0.0 : value;
  }
}

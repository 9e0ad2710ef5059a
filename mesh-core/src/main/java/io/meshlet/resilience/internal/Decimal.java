package io.meshlet.resilience.internal;

/**
 * Decimal text of the small numbers the mesh puts in headers on every request (attempt counts,
 * upstream service times in milliseconds), without a new string each time.
 */
public final class Decimal {
  private static final String[] SMALL = new String[1000];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = Integer.toString(i);
    }
  }

  private Decimal() {}

  /** {@code value} in decimal. */
  public static String of(long value) {
    return value >= 0 && value < SMALL.length ? SMALL[(int) value] : Long.toString(value);
  }
}

package io.meshlet.config.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Istio's duration syntax: a sequence of decimal numbers with units, as Go's
 * {@code time.ParseDuration} reads it ({@code 1.5s}, {@code 100ms}, {@code 1h30m}, {@code 250us}).
 * The protobuf JSON form ({@code "0.250s"}) is a special case of it.
 */
public final class Durations {
  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message fit for a diagnostic
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw invalid(text);
    }
    if (s.charAt(0) == '-') {
      throw new IllegalArgumentException("must not be negative, got \"" + text + "\"");
    }
    if (s.charAt(0) == '+') {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (number.isEmpty() || number.equals(".") || number.chars().filter(c -> c == '.').count() > 1) {
        throw invalid(text);
      }
      long unitNanos = switch (unit) {
        case "ns" -> 1L;
        case "us", "µs", "μs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> throw invalid(text);
      };
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("is too long: \"" + text + "\"");
    }
    return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
  }

  /** The shortest exact Istio spelling: {@code 30s}, {@code 100ms}, {@code 1.5s}, {@code 1m}, {@code 0s}. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos % 3_600_000_000_000L == 0) {
      return nanos / 3_600_000_000_000L + "h";
    }
    if (nanos % 60_000_000_000L == 0) {
      return nanos / 60_000_000_000L + "m";
    }
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0) {
      long millis = nanos / 1_000_000L;
      return millis < 1000 ? millis + "ms" : BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid duration \"" + text + "\"; write a number with a unit, such as 1.5s, 100ms, 1m or 1h");
  }
}

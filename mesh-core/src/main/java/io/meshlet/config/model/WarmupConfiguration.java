package io.meshlet.config.model;

import java.time.Duration;

/**
 * Slow start: for {@code duration} after it appears, a new endpoint receives a growing share of its
 * normal traffic. Most effective when a few endpoints join at a time.
 *
 * @param duration the warmup window, required
 * @param minimumPercent the starting share of the endpoint's weight, 0–100; absent means 10
 * @param aggression how fast traffic ramps up; 1.0 (default) is linear, larger is faster
 */
public record WarmupConfiguration(Duration duration, Double minimumPercent, Double aggression) {

  /** The starting share of weight; default 10%. */
  public double minimumPercentOrDefault() {
    return minimumPercent == null ? 10.0 : minimumPercent;
  }

  /** The ramp-up aggression; default 1.0, linear. */
  public double aggressionOrDefault() {
    return aggression == null ? 1.0 : aggression;
  }
}

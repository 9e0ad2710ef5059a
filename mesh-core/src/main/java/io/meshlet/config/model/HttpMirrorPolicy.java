package io.meshlet.config.model;

/**
 * One mirror destination of an HTTP route. Mirroring is fire-and-forget: the mirror's response is
 * ignored.
 *
 * @param destination where to send the copy, required
 * @param percentage share of requests mirrored; absent means 100%
 */
public record HttpMirrorPolicy(Destination destination, Percent percentage) {

  private static final Percent ALL = Percent.of(100);

  /** The share of requests mirrored; default 100%. */
  public Percent percentageOrDefault() {
    return percentage == null ? ALL : percentage;
  }
}

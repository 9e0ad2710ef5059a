package io.meshlet.config.model;

/**
 * One weighted destination of an HTTP route. Each request picks a destination at random in
 * proportion to the weights, which need not add up to 100; a single destination takes all traffic
 * whatever its weight, and with several destinations an absent or zero weight receives none.
 *
 * @param destination where to send the request, required
 * @param weight relative share of traffic, 0 or more
 * @param headers header operations applied only for this destination
 */
public record HttpRouteDestination(Destination destination, Integer weight, Headers headers) {

  /** A destination with no weight, for single-destination routes. */
  public static HttpRouteDestination of(Destination destination) {
    return new HttpRouteDestination(destination, null, null);
  }

  /** The weight; default 0, which matters only when the route has several destinations. */
  public int weightOrDefault() {
    return weight == null ? 0 : weight;
  }
}

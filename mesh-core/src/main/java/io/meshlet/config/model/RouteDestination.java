package io.meshlet.config.model;

/**
 * One weighted destination of a TLS or TCP route; weights are relative and picked per connection.
 *
 * @param destination where to forward the connection, required
 * @param weight relative share of connections, 0 or more
 */
public record RouteDestination(Destination destination, Integer weight) {

  /** The weight; default 0, which matters only when the route has several destinations. */
  public int weightOrDefault() {
    return weight == null ? 0 : weight;
  }
}

package io.meshlet.config.model;

/**
 * A network-addressable service a routing rule sends traffic to: a host from the service registry
 * (a platform service or a {@code ServiceEntry} host), optionally narrowed to a subset and a port.
 * Traffic to a host found in neither is dropped. Short names resolve against the rule's namespace.
 *
 * @param host the service name, required
 * @param subset a subset declared in a {@code DestinationRule}; an undeclared subset yields 503
 * @param port the service port; not needed when the service has a single port
 */
public record Destination(String host, String subset, PortSelector port) {

  /** A destination with just a host. */
  public static Destination of(String host) {
    return new Destination(host, null, null);
  }

  /** A destination on {@code host}, subset {@code subset}. */
  public static Destination of(String host, String subset) {
    return new Destination(host, subset, null);
  }
}

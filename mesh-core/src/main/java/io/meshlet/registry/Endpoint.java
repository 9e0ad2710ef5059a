package io.meshlet.registry;

import java.util.Map;
import java.util.Objects;

/**
 * One instance of a service: an address and ports, with the labels subsets select on, as a
 * WorkloadEntry (or a ServiceEntry {@code endpoints} element) describes it.
 *
 * @param address IP address, DNS name, or {@code unix:///path}
 * @param ports target port per service port name
 * @param port a single target port for every service port, overriding ServiceEntry {@code targetPort}
 *     and {@code number} (for endpoints registered in Java); 0 when unset
 * @param labels what DestinationRule subsets select on, for example {@code version=v1}
 * @param network network name; empty when unset
 * @param locality {@code region/zone/subzone}; empty when unset
 * @param weight relative load-balancing weight; 0 is read as 1, as Istio does
 * @param serviceAccount identity, for {@code ISTIO_MUTUAL} and metrics; empty when unset
 */
public record Endpoint(
    String address,
    Map<String, Integer> ports,
    int port,
    Map<String, String> labels,
    String network,
    String locality,
    int weight,
    String serviceAccount) {

  public Endpoint {
    Objects.requireNonNull(address, "address");
    ports = ports == null ? Map.of() : Map.copyOf(ports);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    network = network == null ? "" : network;
    locality = locality == null ? "" : locality;
    weight = weight <= 0 ? 1 : weight;
    serviceAccount = serviceAccount == null ? "" : serviceAccount;
  }

  /** An endpoint at {@code address:port} with no labels. */
  public static Endpoint of(String address, int port) {
    return new Endpoint(address, Map.of(), port, Map.of(), "", "", 1, "");
  }

  /** An endpoint at {@code address:port} with labels, for example {@code Map.of("version", "v1")}. */
  public static Endpoint of(String address, int port, Map<String, String> labels) {
    return new Endpoint(address, Map.of(), port, labels, "", "", 1, "");
  }

  /** A copy with another locality ({@code region/zone/subzone}). */
  public Endpoint withLocality(String newLocality) {
    return new Endpoint(address, ports, port, labels, network, newLocality, weight, serviceAccount);
  }

  /** A copy with another weight. */
  public Endpoint withWeight(int newWeight) {
    return new Endpoint(address, ports, port, labels, network, locality, newWeight, serviceAccount);
  }

  /** True for a {@code unix://} socket address. */
  public boolean isUnixSocket() {
    return address.startsWith("unix://");
  }

  /**
   * The port to connect to for a service port, by Istio's precedence: a port named for the service
   * port, else this endpoint's single port, else the service's {@code targetPort}, else its number.
   */
  public int targetPort(ServicePort servicePort) {
    Integer named = ports.get(servicePort.name());
    if (named != null) {
      return named;
    }
    if (port > 0) {
      return port;
    }
    return servicePort.targetPortOrNumber();
  }
}

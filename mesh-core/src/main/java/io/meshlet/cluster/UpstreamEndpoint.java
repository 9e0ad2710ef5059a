package io.meshlet.cluster;

import java.util.Map;

/**
 * One endpoint of a {@link Cluster}, with the target port already resolved by Istio's precedence
 * (endpoint {@code ports[name]}, then the service's {@code targetPort}, then its number).
 */
public interface UpstreamEndpoint {

  /** IP address, host name, or {@code unix:///path}. */
  String address();

  /** The port to connect to; 0 for a unix socket. */
  int port();

  /** The endpoint's labels ({@code version} feeds the {@code destination_version} metric label); none by default. */
  default Map<String, String> labels() {
    return Map.of();
  }

  /** {@code region/zone/subzone}, empty when unknown (the default). */
  default String locality() {
    return "";
  }

  /** Load-balancing weight, at least 1 (the default). */
  default int weight() {
    return 1;
  }

  /** Network name, empty when unset (the default). */
  default String network() {
    return "";
  }

  /** Service account, empty when unset (the default). */
  default String serviceAccount() {
    return "";
  }

  /** {@code address:port}, with brackets around an IPv6 address; the address alone for a unix socket. */
  default String authority() {
    String a = address();
    if (a.startsWith("unix://")) {
      return a;
    }
    return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port();
  }
}

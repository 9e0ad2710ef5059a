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

  /** The endpoint's labels ({@code version} feeds the {@code destination_version} metric label). */
  Map<String, String> labels();

  /** {@code region/zone/subzone}, empty when unknown. */
  String locality();

  /** Load-balancing weight, at least 1. */
  int weight();

  /** Network name, empty when unset. */
  String network();

  /** Service account, empty when unset. */
  String serviceAccount();

  /** {@code address:port}, with brackets around an IPv6 address; the address alone for a unix socket. */
  default String authority() {
    String a = address();
    if (a.startsWith("unix://")) {
      return a;
    }
    return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port();
  }
}

package io.meshlet.config.model;

import java.util.List;

/**
 * Traffic routing rules applied when a host is addressed. Each protocol's routes are tried in order
 * and the first matching rule wins; a request no HTTP rule matches gets 404.
 *
 * @param hosts the addressed hosts (Host/{@code :authority}, or SNI): FQDNs, {@code *.suffix}
 *     wildcards or short names resolved against this rule's namespace; must be empty in a delegate
 * @param gateways the gateways and sidecars that apply these routes ({@code ns/name}; {@code mesh}
 *     means every sidecar); empty means {@code ["mesh"]}
 * @param http ordered HTTP routes
 * @param tls ordered routes for unterminated TLS, usually chosen by SNI
 * @param tcp ordered routes for opaque TCP
 * @param exportTo namespaces the rule is visible to ({@code .} own, {@code *} all); empty means all
 */
public record VirtualService(
    List<String> hosts,
    List<String> gateways,
    List<HttpRoute> http,
    List<TlsRoute> tls,
    List<TcpRoute> tcp,
    List<String> exportTo) implements IstioSpec {

  /** The reserved gateway name that stands for every sidecar in the mesh. */
  public static final String MESH_GATEWAY = "mesh";

  public VirtualService {
    hosts = Copies.list(hosts);
    gateways = Copies.list(gateways);
    http = Copies.list(http);
    tls = Copies.list(tls);
    tcp = Copies.list(tcp);
    exportTo = Copies.list(exportTo);
  }

  /** The gateways this rule applies to; Istio's default is {@code ["mesh"]}, every sidecar. */
  public List<String> gatewaysOrDefault() {
    return gateways.isEmpty() ? List.of(MESH_GATEWAY) : gateways;
  }
}

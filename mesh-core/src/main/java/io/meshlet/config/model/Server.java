package io.meshlet.config.model;

import java.util.List;

/**
 * One listener of a Gateway: a port and the hosts it exposes.
 *
 * @param port the port to listen on, required
 * @param bind the IP or Unix domain socket to bind to; absent means all addresses
 * @param hosts hosts exposed on this port, required; {@code ns/host} limits the VirtualServices
 *     that may bind to them
 * @param tls TLS settings for this listener
 * @param defaultEndpoint where traffic is forwarded by default; {@code 127.0.0.1:PORT} or a socket
 * @param name an optional name, unique across the gateway's servers
 */
public record Server(
    Port port, String bind, List<String> hosts, ServerTlsSettings tls, String defaultEndpoint,
    String name) {
  public Server {
    hosts = Copies.list(hosts);
  }
}

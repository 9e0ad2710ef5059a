package io.meshlet.config.model;

import java.util.List;

/**
 * A route for unterminated TLS (TLS/HTTPS) traffic, usually chosen by SNI. Routes are tried in order
 * and the first matching one wins.
 *
 * @param match ORed match blocks, required
 * @param route weighted destinations to forward the connection to
 */
public record TlsRoute(List<TlsMatchAttributes> match, List<RouteDestination> route) {
  public TlsRoute {
    match = Copies.list(match);
    route = Copies.list(route);
  }
}

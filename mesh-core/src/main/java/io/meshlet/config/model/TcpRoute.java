package io.meshlet.config.model;

import java.util.List;

/**
 * A route for opaque TCP traffic. Routes are tried in order and the first matching one wins.
 *
 * @param match ORed match blocks; empty matches every connection
 * @param route weighted destinations to forward the connection to
 */
public record TcpRoute(List<L4MatchAttributes> match, List<RouteDestination> route) {
  public TcpRoute {
    match = Copies.list(match);
    route = Copies.list(route);
  }
}

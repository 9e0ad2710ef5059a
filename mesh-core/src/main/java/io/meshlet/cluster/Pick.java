package io.meshlet.cluster;

import java.util.Objects;

/**
 * The load balancer's choice for one request.
 *
 * @param endpoint where to send the request
 * @param setCookie the value of a {@code Set-Cookie} header to add to the response, when
 *     {@code consistentHash.httpCookie} with a {@code ttl} generated the missing cookie; else null
 * @param nanos the mesh {@link io.meshlet.Ticker}'s reading when the pick was made; a call {@link
 *     Cluster#begin(Pick) begun} from the pick counts its upstream time from it
 */
public record Pick(UpstreamEndpoint endpoint, String setCookie, long nanos) {

  public Pick {
    Objects.requireNonNull(endpoint, "endpoint");
  }
}

package io.meshlet.cluster;

import java.util.Objects;

/**
 * The load balancer's choice for one request.
 *
 * @param endpoint where to send the request
 * @param setCookie the value of a {@code Set-Cookie} header to add to the response, when
 *     {@code consistentHash.httpCookie} with a {@code ttl} generated the missing cookie; else null
 */
public record Pick(UpstreamEndpoint endpoint, String setCookie) {

  public Pick {
    Objects.requireNonNull(endpoint, "endpoint");
  }
}

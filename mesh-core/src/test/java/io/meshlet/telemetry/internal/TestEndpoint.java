package io.meshlet.telemetry.internal;

import io.meshlet.cluster.UpstreamEndpoint;
import java.util.Map;

/** An endpoint with an address, a port and labels, for telemetry tests. */
record TestEndpoint(String address, int port, Map<String, String> labels) implements UpstreamEndpoint {
  TestEndpoint(String address, int port) {
    this(address, port, Map.of());
  }
}

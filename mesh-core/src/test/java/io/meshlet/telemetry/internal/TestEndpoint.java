package io.meshlet.telemetry.internal;

import io.meshlet.cluster.UpstreamEndpoint;
import java.util.Map;

/** An endpoint with an address, a port and labels, for telemetry tests. */
record TestEndpoint(String address, int port, Map<String, String> labels) implements UpstreamEndpoint {
  TestEndpoint(String address, int port) {
    this(address, port, Map.of());
  }

  @Override
  public String locality() {
    return "";
  }

  @Override
  public int weight() {
    return 1;
  }

  @Override
  public String network() {
    return "";
  }

  @Override
  public String serviceAccount() {
    return "";
  }
}

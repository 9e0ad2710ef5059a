package io.meshlet.config.model;

import java.util.List;

/**
 * An outbound listener of a Sidecar and the services it imports. Configuration is visible only when
 * imported here and exported to the client's namespace.
 *
 * @param port the port; absent means every port of the imported services
 * @param bind the IP or Unix domain socket to bind to
 * @param captureMode how traffic reaches the listener
 * @param hosts imported hosts as {@code namespace/dnsName}, required: {@code ./*} own namespace,
 *     {@code *}{@code /*} everything, {@code ~/*} nothing; a {@code ~ns/host} entry excludes hosts
 */
public record IstioEgressListener(
    SidecarPort port, String bind, CaptureMode captureMode, List<String> hosts) {

  public IstioEgressListener {
    hosts = Copies.list(hosts);
  }

  /** The capture mode; default {@code DEFAULT}. */
  public CaptureMode captureModeOrDefault() {
    return captureMode == null ? CaptureMode.DEFAULT : captureMode;
  }
}

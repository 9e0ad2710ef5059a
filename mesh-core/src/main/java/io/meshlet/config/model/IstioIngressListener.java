package io.meshlet.config.model;

/**
 * An inbound listener of a Sidecar: a port the workload receives traffic on.
 *
 * @param port the port, required
 * @param bind the IP to bind to
 * @param captureMode how traffic reaches the listener
 * @param defaultEndpoint where traffic is forwarded: {@code 127.0.0.1:PORT}, {@code [::1]:PORT},
 *     {@code 0.0.0.0:PORT}, {@code [::]:PORT} or {@code unix:///path}
 * @param tls TLS termination for requests from outside the mesh
 * @param connectionPool connection limits for this port, replacing {@code inboundConnectionPool}
 */
public record IstioIngressListener(
    SidecarPort port,
    String bind,
    CaptureMode captureMode,
    String defaultEndpoint,
    ServerTlsSettings tls,
    ConnectionPoolSettings connectionPool) {

  /** The capture mode; default {@code DEFAULT}. */
  public CaptureMode captureModeOrDefault() {
    return captureMode == null ? CaptureMode.DEFAULT : captureMode;
  }
}

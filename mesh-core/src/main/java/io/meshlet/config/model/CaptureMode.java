package io.meshlet.config.model;

/** How traffic reaches a Sidecar listener. */
public enum CaptureMode {
  /** The environment's default capture mode. */
  DEFAULT,
  /** Captured with iptables redirection. */
  IPTABLES,
  /** Not captured: the application talks to the listener's address directly. */
  NONE
}

package io.meshlet.config.model;

/**
 * What a sidecar does with outbound traffic to destinations not in its service registry. In a
 * Sidecar, an absent block means the mesh setting ({@code ALLOW_ANY} unless configured), but a
 * present block with no {@code mode} means {@code REGISTRY_ONLY}, protobuf's zero value.
 *
 * @param mode the policy
 * @param egressProxy where {@code ALLOW_ANY} traffic to unknown destinations is sent instead of
 *     passing through
 */
public record OutboundTrafficPolicy(Mode mode, Destination egressProxy) {

  /** Outbound traffic policies. */
  public enum Mode {
    /** Only registry services are reachable; unknown HTTP hosts get 502. */
    REGISTRY_ONLY,
    /** Unknown destinations are passed through. */
    ALLOW_ANY
  }

  /** The mode; default {@code REGISTRY_ONLY} when the block is present without one. */
  public Mode modeOrDefault() {
    return mode == null ? Mode.REGISTRY_ONLY : mode;
  }
}

package io.meshlet.config.internal;

import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.Sidecar;

/** Istio's validation of a Sidecar. */
final class SidecarValidator {
  private SidecarValidator() {}

  static void validate(Sidecar spec, ObjectMeta meta, String path, Problems p) {
  }
}

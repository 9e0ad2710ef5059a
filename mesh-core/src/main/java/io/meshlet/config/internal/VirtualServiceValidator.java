package io.meshlet.config.internal;

import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.VirtualService;

/** Istio's validation of a VirtualService. */
final class VirtualServiceValidator {
  private VirtualServiceValidator() {}

  static void validate(VirtualService spec, ObjectMeta meta, String path, Problems p) {
  }
}

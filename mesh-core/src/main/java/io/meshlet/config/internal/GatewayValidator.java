package io.meshlet.config.internal;

import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.Gateway;

/** Istio's validation of a Gateway. */
final class GatewayValidator {
  private GatewayValidator() {}

  static void validate(Gateway spec, ObjectMeta meta, String path, Problems p) {
  }
}

package io.meshlet.config.internal;

import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.DestinationRule;

/** Istio's validation of a DestinationRule. */
final class DestinationRuleValidator {
  private DestinationRuleValidator() {}

  static void validate(DestinationRule spec, ObjectMeta meta, String path, Problems p) {
  }
}

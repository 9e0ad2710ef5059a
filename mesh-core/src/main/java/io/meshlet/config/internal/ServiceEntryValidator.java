package io.meshlet.config.internal;

import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.ServiceEntry;
import io.meshlet.config.model.WorkloadEntry;

/** Istio's validation of a ServiceEntry. */
final class ServiceEntryValidator {
  private ServiceEntryValidator() {}

  static void validate(ServiceEntry spec, ObjectMeta meta, String path, Problems p) {
  }

  static void validateWorkloadEntry(WorkloadEntry spec, String path, Problems p) {
  }
}

package io.meshlet.config.internal;

import io.meshlet.config.model.DestinationRule;
import io.meshlet.config.model.Gateway;
import io.meshlet.config.model.IstioSpec;
import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.ServiceEntry;
import io.meshlet.config.model.Sidecar;
import io.meshlet.config.model.VirtualService;
import io.meshlet.config.model.WorkloadEntry;

/** Runs the validation of a spec's kind: Istio's own rules, plus warnings for fields with no effect in-process. */
public final class Validators {
  private Validators() {}

  /** Validates {@code spec}, reporting with paths under {@code path} (the spec's own path, e.g. {@code spec}). */
  public static void validate(IstioSpec spec, ObjectMeta meta, String path, Problems problems) {
    if (spec instanceof VirtualService vs) {
      VirtualServiceValidator.validate(vs, meta, path, problems);
    } else if (spec instanceof DestinationRule dr) {
      DestinationRuleValidator.validate(dr, meta, path, problems);
    } else if (spec instanceof ServiceEntry se) {
      ServiceEntryValidator.validate(se, meta, path, problems);
    } else if (spec instanceof WorkloadEntry we) {
      ServiceEntryValidator.validateWorkloadEntry(we, path, problems);
    } else if (spec instanceof Gateway gw) {
      GatewayValidator.validate(gw, meta, path, problems);
    } else if (spec instanceof Sidecar sidecar) {
      SidecarValidator.validate(sidecar, meta, path, problems);
    }
  }
}

package io.meshlet.config;

import io.meshlet.config.model.DestinationRule;
import io.meshlet.config.model.Gateway;
import io.meshlet.config.model.IstioSpec;
import io.meshlet.config.model.ServiceEntry;
import io.meshlet.config.model.Sidecar;
import io.meshlet.config.model.VirtualService;
import io.meshlet.config.model.WorkloadEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable set of loaded Istio resources, in load order, with the warnings and notes of the
 * load. Produced by {@link ConfigLoader}; consumed by the mesh's compiler.
 *
 * @param resources every resource read without error, in load order
 * @param diagnostics warnings and notes (and, from {@link ConfigLoader#read}, errors)
 */
public record MeshConfig(List<Resource<?>> resources, List<Diagnostic> diagnostics) {

  public MeshConfig {
    resources = List.copyOf(resources);
    diagnostics = List.copyOf(diagnostics);
  }

  /** No resources, no diagnostics. */
  public static MeshConfig empty() {
    return new MeshConfig(List.of(), List.of());
  }

  /** This configuration followed by {@code other}'s resources and diagnostics. */
  public MeshConfig plus(MeshConfig other) {
    List<Resource<?>> all = new ArrayList<>(resources);
    all.addAll(other.resources);
    List<Diagnostic> diags = new ArrayList<>(diagnostics);
    diags.addAll(other.diagnostics);
    return new MeshConfig(all, diags);
  }

  public List<Resource<VirtualService>> virtualServices() {
    return ofType(VirtualService.class);
  }

  public List<Resource<DestinationRule>> destinationRules() {
    return ofType(DestinationRule.class);
  }

  public List<Resource<ServiceEntry>> serviceEntries() {
    return ofType(ServiceEntry.class);
  }

  public List<Resource<WorkloadEntry>> workloadEntries() {
    return ofType(WorkloadEntry.class);
  }

  public List<Resource<Gateway>> gateways() {
    return ofType(Gateway.class);
  }

  public List<Resource<Sidecar>> sidecars() {
    return ofType(Sidecar.class);
  }

  /** True when any diagnostic is an error. */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** The error diagnostics only. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  /** Resources whose spec is of {@code type}, in load order. */
  @SuppressWarnings("unchecked")
  public <T extends IstioSpec> List<Resource<T>> ofType(Class<T> type) {
    List<Resource<T>> out = new ArrayList<>();
    for (Resource<?> r : resources) {
      if (type.isInstance(r.spec())) {
        out.add((Resource<T>) r);
      }
    }
    return out;
  }
}

package io.meshlet.config.model;

/**
 * The {@code spec} of one {@code networking.istio.io} object. The kinds share one schema across
 * {@code v1}, {@code v1beta1} and {@code v1alpha3}, so one record per kind serves every version.
 */
public sealed interface IstioSpec
    permits VirtualService, DestinationRule, ServiceEntry, WorkloadEntry, Gateway, Sidecar {}

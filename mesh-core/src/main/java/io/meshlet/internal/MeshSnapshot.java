package io.meshlet.internal;

import io.meshlet.cluster.internal.Clusters;
import io.meshlet.config.MeshConfig;
import io.meshlet.registry.ServiceRegistry;
import io.meshlet.route.internal.RouteTable;

/**
 * Everything a request reads, compiled from one configuration and one registry state: immutable,
 * swapped as a whole when either changes, so a request never sees half an update.
 *
 * @param config the loaded configuration
 * @param registry services and endpoints
 * @param routes compiled VirtualServices
 * @param clusters compiled DestinationRules over the registry's endpoints
 * @param version increases with every swap; for diagnostics
 */
public record MeshSnapshot(MeshConfig config, ServiceRegistry registry, RouteTable routes, Clusters clusters,
    long version) {}

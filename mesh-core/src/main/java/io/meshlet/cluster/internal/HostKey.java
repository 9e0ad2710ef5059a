package io.meshlet.cluster.internal;

import io.meshlet.cluster.ClusterKey;

/**
 * Identifies one endpoint of one cluster. Envoy keeps outlier and request state per host per
 * cluster, so the same address in two subsets is two hosts.
 */
record HostKey(ClusterKey cluster, String address, int port) {}

package io.meshlet.benchmarks.load;

/**
 * The Istio configuration of set-up (b): the three endpoints as one ServiceEntry with static
 * endpoints labelled {@code version: v1..v3}, a DestinationRule with those subsets and outlier
 * detection on, and a VirtualService splitting three ways over the subsets. No {@code retries}
 * field, so Istio's default retry policy applies, as it would for a user who writes none.
 */
public final class MeshletLoadConfig {
  /** The mesh host the client of set-up (b) calls. */
  public static final String HOST = "endpoints.bench.svc.cluster.local";
  /** The URL the client of set-up (b) calls; Meshlet resolves it to one of the endpoints. */
  public static final String URL = "http://" + HOST + "/payload";

  private MeshletLoadConfig() {}

  /** The configuration for endpoints listening on 127.0.0.1 at {@code ports} (three of them). */
  public static String yaml(int[] ports) {
    if (ports.length != 3) {
      throw new IllegalArgumentException("three endpoints expected, got " + ports.length);
    }
    StringBuilder y = new StringBuilder();
    y.append("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: endpoints, namespace: bench}
        spec:
          hosts: [%s]
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - {number: 80, name: http, protocol: HTTP}
          endpoints:
        """.formatted(HOST));
    for (int i = 0; i < 3; i++) {
      y.append("  - {address: 127.0.0.1, ports: {http: ").append(ports[i]).append("}, labels: {version: v")
          .append(i + 1).append("}}\n");
    }
    y.append("""
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: endpoints, namespace: bench}
        spec:
          host: %1$s
          trafficPolicy:
            outlierDetection:
              consecutive5xxErrors: 5
              interval: 10s
              baseEjectionTime: 30s
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
          - {name: v3, labels: {version: v3}}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: endpoints, namespace: bench}
        spec:
          hosts: [%1$s]
          http:
          - name: three-way
            route:
            - {destination: {host: %1$s, subset: v1}, weight: 34}
            - {destination: {host: %1$s, subset: v2}, weight: 33}
            - {destination: {host: %1$s, subset: v3}, weight: 33}
        """.formatted(HOST));
    return y.toString();
  }
}

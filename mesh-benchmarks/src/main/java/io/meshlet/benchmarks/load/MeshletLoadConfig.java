package io.meshlet.benchmarks.load;

import io.meshlet.Mesh;
import java.util.Map;

/**
 * The Istio configuration of set-up (b): the three endpoints as one ServiceEntry with static
 * endpoints labelled {@code version: v1..v3}, a DestinationRule with those subsets and outlier
 * detection on, and a VirtualService splitting three ways over the subsets. No {@code retries}
 * field, so Istio's default retry policy applies, as it would for a user who writes none.
 */
public final class MeshletLoadConfig {
  /** The namespace of the service and of the calling workload. */
  public static final String NAMESPACE = "bench";
  /** The service's fully qualified name, as the configuration names it. */
  public static final String HOST = "endpoints." + NAMESPACE + ".svc.cluster.local";
  /**
   * The name the client of set-up (b) calls by default: the short name, as an Istio workload calls a
   * service in its own namespace ({@code http://reviews:9080} in Istio's Bookinfo). Meshlet expands it
   * to {@link #HOST} like Istio does.
   */
  public static final String SHORT_HOST = "endpoints";
  /** The URL the client of set-up (b) calls; Meshlet resolves it to one of the endpoints. */
  public static final String URL = url(false);

  private MeshletLoadConfig() {}

  /**
   * The URL of the service by its short name or, with {@code fqdn}, by {@link #HOST}. OkHttp
   * canonicalizes the host of every call (IDNA mapping, linear in its length), so the 33-character
   * name costs the client more CPU per call than the 9-character short name or {@code 127.0.0.1}.
   */
  public static String url(boolean fqdn) {
    return "http://" + (fqdn ? HOST : SHORT_HOST) + "/payload";
  }

  /** A mesh builder for the calling workload, {@code loadgen} in {@link #NAMESPACE}, so the short name resolves. */
  public static Mesh.Builder meshBuilder() {
    return Mesh.builder().workload("loadgen", NAMESPACE, Map.of("app", "loadgen"));
  }

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

package io.meshlet.benchmarks.interceptor;

import io.meshlet.benchmarks.load.MeshletLoadConfig;

/** The mesh configurations {@link InterceptorBenchmark} puts behind the interceptor. */
public enum MeshVariant {
  /**
   * The load benchmark's set-up (b) ({@link MeshletLoadConfig}): a 34/33/33 split over three
   * subsets, Istio's default retries, outlier detection; metrics to a {@code SimpleMeterRegistry}.
   */
  SPLIT(true),
  /** {@link #SPLIT} without a meter registry: routing, picking and retries without Istio's metrics. */
  SPLIT_NO_METRICS(false),
  /**
   * {@link #SPLIT} whose route also has a header match (which the request satisfies), a route
   * {@code timeout} and explicit {@code retries} with a per-try timeout; metrics on.
   */
  HEADER_MATCH_TIMEOUT_RETRIES(true);

  /** The request header the {@link #HEADER_MATCH_TIMEOUT_RETRIES} route matches, and its value. */
  public static final String MATCH_HEADER = "x-bench-user";
  public static final String MATCH_VALUE = "alice";
  /** The endpoint ports in the configuration; nothing listens there, the canned answer stands in. */
  public static final int[] PORTS = {8081, 8082, 8083};

  private static final String ROUTE = "  - name: three-way\n";

  private final boolean metrics;

  MeshVariant(boolean metrics) {
    this.metrics = metrics;
  }

  /** Whether the mesh records Istio's metrics. */
  public boolean metrics() {
    return metrics;
  }

  /** The Istio configuration. */
  public String yaml() {
    String base = MeshletLoadConfig.yaml(PORTS);
    if (this != HEADER_MATCH_TIMEOUT_RETRIES) {
      return base;
    }
    int at = base.indexOf(ROUTE);
    if (at < 0 || base.indexOf(ROUTE, at + 1) >= 0) {
      throw new IllegalStateException("the load benchmark's VirtualService no longer has one route named three-way");
    }
    return base.substring(0, at + ROUTE.length())
        + "    match: [{headers: {" + MATCH_HEADER + ": {exact: " + MATCH_VALUE + "}}}]\n"
        + "    timeout: 2s\n"
        + "    retries: {attempts: 2, perTryTimeout: 500ms, retryOn: \"5xx,connect-failure\"}\n"
        + base.substring(at + ROUTE.length());
  }
}

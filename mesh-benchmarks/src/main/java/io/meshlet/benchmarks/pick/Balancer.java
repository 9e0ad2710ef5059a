package io.meshlet.benchmarks.pick;

/**
 * The load balancers of {@link EndpointPickBenchmark}, each as the DestinationRule
 * {@code trafficPolicy.loadBalancer} section that selects it.
 */
public enum Balancer {
  /** Istio's default: Envoy's power of two choices over equally weighted endpoints. */
  LEAST_REQUEST("{simple: LEAST_REQUEST}", false),
  /**
   * Least request over endpoints of weights 1, 2 and 3: Envoy then schedules by
   * {@code weight / (active + 1)} earliest deadline first instead of two random choices.
   */
  LEAST_REQUEST_WEIGHTED("{simple: LEAST_REQUEST}", true),
  ROUND_ROBIN("{simple: ROUND_ROBIN}", false),
  RANDOM("{simple: RANDOM}", false),
  /** Consistent hashing on a request header, ring hash with the default minimum ring of 1024. */
  RING_HASH("{consistentHash: {httpHeaderName: " + Balancer.HASH_HEADER + ", ringHash: {minimumRingSize: 1024}}}",
      false),
  /** Consistent hashing on a request header, Maglev with Envoy's default table of 65537 (Istio requires one). */
  MAGLEV("{consistentHash: {httpHeaderName: " + Balancer.HASH_HEADER + ", maglev: {tableSize: 65537}}}", false);

  /** The request header the consistent-hash balancers hash; every benchmark request carries it. */
  public static final String HASH_HEADER = "x-user";

  private final String loadBalancerYaml;
  private final boolean unequalWeights;

  Balancer(String loadBalancerYaml, boolean unequalWeights) {
    this.loadBalancerYaml = loadBalancerYaml;
    this.unequalWeights = unequalWeights;
  }

  /** The {@code loadBalancer} section, as inline YAML. */
  public String loadBalancerYaml() {
    return loadBalancerYaml;
  }

  /** Whether the endpoints get weights 1, 2, 3, 1, 2, 3, ... instead of none. */
  public boolean unequalWeights() {
    return unequalWeights;
  }
}

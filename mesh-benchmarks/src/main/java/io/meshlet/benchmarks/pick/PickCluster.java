package io.meshlet.benchmarks.pick;

import io.meshlet.MeshRequest;
import io.meshlet.Ticker;
import io.meshlet.Workload;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.cluster.internal.Clusters;
import io.meshlet.cluster.internal.EndpointStates;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import io.meshlet.registry.ServiceRegistry;
import io.meshlet.registry.internal.RegistryManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One cluster compiled as {@code Mesh} compiles its clusters: a ServiceEntry with static endpoints
 * and a DestinationRule choosing the balancer, loaded by {@link ConfigLoader}, turned into a
 * registry by {@link RegistryManager} and compiled by {@link Clusters#compile}. {@code Mesh} keeps
 * its clusters in a snapshot it does not expose, so the benchmark compiles its own with the same
 * internal calls.
 */
public final class PickCluster implements AutoCloseable {
  /** The service's host. */
  public static final String HOST = "pick.bench.svc.cluster.local";
  /** The service port. */
  public static final int PORT = 80;
  /** The namespace of the configuration and of the client workload. */
  public static final String NAMESPACE = "bench";

  private final MeshConfig config;
  private final ScheduledExecutorService scheduler;
  private final RegistryManager registry;
  private final EndpointStates states;
  private final Cluster cluster;
  private final List<Diagnostic> warnings;

  private PickCluster(MeshConfig config) {
    this.config = config;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pick-cluster-scheduler");
      t.setDaemon(true);
      return t;
    });
    this.registry = new RegistryManager(Map.of(), List.of(), scheduler, Ticker.system(), () -> { });
    this.states = new EndpointStates(Ticker.system(), null);
    Workload workload = workload();
    ServiceRegistry services = registry.registry(config, workload);
    List<Diagnostic> collected = new ArrayList<>();
    Clusters clusters = Clusters.compile(config, services, workload, states, collected::add);
    this.warnings = List.copyOf(collected);
    this.cluster = clusters.cluster(new ClusterKey(HOST, "", PORT));
    if (cluster == null) {
      close();
      throw new IllegalStateException("no cluster " + HOST + ":" + PORT + "; warnings: " + warnings);
    }
  }

  /** Compiles the cluster of {@code endpoints} endpoints balanced by {@code balancer}. */
  public static PickCluster of(Balancer balancer, int endpoints) {
    MeshConfig config = new ConfigLoader().defaultNamespace(NAMESPACE)
        .load(ConfigSource.string("<pick benchmark>", yaml(balancer, endpoints)));
    if (config.hasErrors()) {
      throw new IllegalStateException("benchmark configuration has errors: " + config.diagnostics());
    }
    return new PickCluster(config);
  }

  /** The client workload the cluster is compiled for. */
  public static Workload workload() {
    return new Workload("bench-client", NAMESPACE, Map.of("app", "bench-client"));
  }

  /**
   * The ServiceEntry (endpoints 10.0.0.1, 10.0.0.2, ... on the service port) and the DestinationRule
   * (the balancer, and outlier detection as in the load benchmark, so that picks pay for its
   * ejection checks as they do in a real mesh).
   */
  public static String yaml(Balancer balancer, int endpoints) {
    StringBuilder y = new StringBuilder("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: pick, namespace: %s}
        spec:
          hosts: [%s]
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - {number: %d, name: http, protocol: HTTP}
          endpoints:
        """.formatted(NAMESPACE, HOST, PORT));
    for (int i = 0; i < endpoints; i++) {
      y.append("  - {address: 10.0.").append(i / 250).append('.').append(i % 250 + 1);
      if (balancer.unequalWeights()) {
        y.append(", weight: ").append(i % 3 + 1);
      }
      y.append("}\n");
    }
    y.append("""
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: pick, namespace: %s}
        spec:
          host: %s
          trafficPolicy:
            loadBalancer: %s
            outlierDetection:
              consecutive5xxErrors: 5
              interval: 10s
              baseEjectionTime: 30s
        """.formatted(NAMESPACE, HOST, balancer.loadBalancerYaml()));
    return y.toString();
  }

  /** A request to the service carrying {@link Balancer#HASH_HEADER} {@code user-<key>}. */
  public static MeshRequest request(int key) {
    return MeshRequest.builder().method("GET").url("http://" + HOST + "/items/" + key)
        .header(Balancer.HASH_HEADER, "user-" + key).build();
  }

  /** The loaded configuration, for building a {@code Mesh} from the same resources. */
  public MeshConfig config() {
    return config;
  }

  /** The compiled cluster. */
  public Cluster cluster() {
    return cluster;
  }

  /** What {@link Clusters#compile} warned about (settings without effect in-process). */
  public List<Diagnostic> warnings() {
    return warnings;
  }

  @Override
  public void close() {
    registry.close();
    scheduler.shutdownNow();
    states.close();
  }
}

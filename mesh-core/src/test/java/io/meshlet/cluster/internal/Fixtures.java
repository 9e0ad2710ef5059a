package io.meshlet.cluster.internal;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.Ticker;
import io.meshlet.Workload;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.cluster.Pick;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import io.meshlet.registry.Endpoint;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.internal.StaticServiceRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builders shared by the cluster tests: YAML config, a registry of one service, a fake clock. */
final class Fixtures {
  static final String HOST = "reviews.default.svc.cluster.local";
  static final Workload CLIENT = new Workload("productpage-v1", "default", Map.of("app", "productpage"));

  private Fixtures() {}

  /** A clock the test moves by hand. */
  static final class FakeTicker implements Ticker {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanos() {
      return now.get();
    }

    void advance(Duration d) {
      now.addAndGet(d.toNanos());
    }
  }

  static MeshConfig yaml(String... documents) {
    return new ConfigLoader().load(ConfigSource.string("test.yaml", String.join("\n---\n", documents)));
  }

  /** A DestinationRule for {@link #HOST} with this spec body (indented two spaces under spec). */
  static String rule(String specBody) {
    return "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n"
        + "  namespace: default\nspec:\n  host: reviews\n" + specBody;
  }

  static Endpoint endpoint(String address, Map<String, String> labels) {
    return new Endpoint(address, Map.of(), 9080, labels, "", "", 1, "");
  }

  static Endpoint endpoint(String address) {
    return endpoint(address, Map.of());
  }

  /** The registry of one service, {@link #HOST} on port 9080, with these endpoints. */
  static StaticServiceRegistry registry(List<Endpoint> endpoints) {
    Service s = Service.of(HOST, "default", new ServicePort(9080, "http", "HTTP", 0));
    Map<String, Service> services = new LinkedHashMap<>();
    services.put(HOST, s);
    return new StaticServiceRegistry(services, Map.of(HOST, endpoints));
  }

  static Clusters compile(MeshConfig config, StaticServiceRegistry registry, EndpointStates states) {
    List<Diagnostic> warnings = new ArrayList<>();
    return Clusters.compile(config, registry, CLIENT, states, warnings::add);
  }

  static ClusterKey key(String subset) {
    return new ClusterKey(HOST, subset, 9080);
  }

  static MeshRequest request() {
    return MeshRequest.of("GET", "http://reviews:9080/r");
  }

  /** Picks, sends and ends one request with {@code status}; returns the endpoint's address. */
  static String call(Cluster cluster, int status, RandomSource random) {
    Pick pick = cluster.pick(request(), List.of(), random);
    cluster.begin(pick.endpoint()).end(status);
    return pick.endpoint().address();
  }

  /** How many of {@code n} picks went to each address. */
  static Map<String, Integer> distribution(Cluster cluster, MeshRequest request, int n, RandomSource random) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      UpstreamEndpoint e = cluster.pick(request, List.of(), random).endpoint();
      out.merge(e.address(), 1, Integer::sum);
    }
    return out;
  }

  /** Pearson's chi-squared statistic of observed counts against expected shares. */
  static double chiSquared(Map<String, Integer> observed, Map<String, Double> expectedShare, int n) {
    double chi = 0;
    for (Map.Entry<String, Double> e : expectedShare.entrySet()) {
      double expected = e.getValue() * n;
      double o = observed.getOrDefault(e.getKey(), 0);
      chi += (o - expected) * (o - expected) / expected;
    }
    return chi;
  }
}

package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.compile;
import static io.meshlet.cluster.internal.Fixtures.distribution;
import static io.meshlet.cluster.internal.Fixtures.endpoint;
import static io.meshlet.cluster.internal.Fixtures.key;
import static io.meshlet.cluster.internal.Fixtures.registry;
import static io.meshlet.cluster.internal.Fixtures.request;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.registry.Endpoint;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.internal.StaticServiceRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subsets select endpoints by label; clusters that do not exist and clusters without hosts (§2.12). */
class SubsetSelectionTest {
  private final EndpointStates states = new EndpointStates(new Fixtures.FakeTicker(), null);

  private static final List<Endpoint> ENDPOINTS = List.of(
      endpoint("10.0.0.1", Map.of("version", "v1", "zone", "a")),
      endpoint("10.0.0.2", Map.of("version", "v1", "zone", "b")),
      endpoint("10.0.0.3", Map.of("version", "v2", "zone", "a")));

  private static final String SUBSETS = """
        subsets:
        - name: v1
          labels: {version: v1}
        - name: v1-a
          labels: {version: v1, zone: a}
        - name: all
        - name: v3
          labels: {version: v3}
      """;

  private final Clusters clusters = compile(yaml(rule(SUBSETS)), registry(ENDPOINTS), states);

  @Test
  void subsetTakesEndpointsCarryingAllItsLabels() {
    assertThat(addresses("v1")).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(addresses("v1-a")).containsExactly("10.0.0.1");
    assertThat(distribution(clusters.cluster(key("v1")), request(), 100, RandomSource.seeded(1)))
        .containsOnlyKeys("10.0.0.1", "10.0.0.2");
  }

  @Test
  void subsetWithoutLabelsTakesEveryEndpoint() {
    assertThat(addresses("all")).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
    assertThat(addresses("")).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
  }

  @Test
  void subsetDefinedNowhereHasNoClusterWhichIsNoClusterFound() {
    assertThat(clusters.cluster(key("v9"))).isNull();
    assertThat(clusters.cluster(new ClusterKey("ratings.default.svc.cluster.local", "", 9080))).isNull();
    assertThat(clusters.cluster(new ClusterKey(Fixtures.HOST, "", 9999))).isNull();
  }

  @Test
  void subsetWithoutEndpointsExistsButPicksNothingWhichIsNoHealthyUpstream() {
    assertThat(clusters.cluster(key("v3"))).isNotNull();
    assertThat(clusters.cluster(key("v3")).pick(request(), List.of(), RandomSource.seeded(1))).isNull();
  }

  @Test
  void endpointPortFollowsIstioPrecedence() {
    Service s = new Service(Fixtures.HOST, "default", List.of(new ServicePort(9080, "http", "HTTP", 8080)), null, null,
        List.of(), List.of());
    List<Endpoint> eps = List.of(
        new Endpoint("10.0.0.1", Map.of("http", 7000), 0, Map.of(), "", "", 1, ""),
        new Endpoint("10.0.0.2", Map.of("grpc", 7001), 0, Map.of(), "", "", 1, ""),
        new Endpoint("unix:///var/run/reviews.sock", Map.of("http", 7002), 0, Map.of(), "", "", 1, ""));
    Clusters c = Clusters.compile(yaml(), new StaticServiceRegistry(Map.of(Fixtures.HOST, s), Map.of(Fixtures.HOST, eps)),
        Fixtures.CLIENT, states, d -> {});
    List<? extends UpstreamEndpoint> hosts = c.cluster(key("")).endpoints();
    assertThat(hosts.get(0).port()).isEqualTo(7000);
    assertThat(hosts.get(1).port()).isEqualTo(8080);
    assertThat(hosts.get(2).port()).isZero();
    assertThat(hosts.get(2).authority()).isEqualTo("unix:///var/run/reviews.sock");
  }

  @Test
  void serviceWithResolutionNoneSendsToTheRequestedAddress() {
    Service s = new Service("api.example.com", "default", List.of(ServicePort.http(80)),
        io.meshlet.config.model.ServiceEntry.Resolution.NONE, null, List.of(), List.of());
    Clusters c = Clusters.compile(yaml(), new StaticServiceRegistry(Map.of(s.hostname(), s), Map.of()),
        Fixtures.CLIENT, states, d -> {});
    UpstreamEndpoint e = c.cluster(new ClusterKey("api.example.com", "", 80))
        .pick(io.meshlet.MeshRequest.of("GET", "http://api.example.com/x"), List.of(), RandomSource.seeded(1))
        .endpoint();
    assertThat(e.authority()).isEqualTo("api.example.com:80");
    assertThat(c.passthrough().pick(io.meshlet.MeshRequest.of("GET", "http://10.1.2.3:81/"), List.of(),
        RandomSource.seeded(1)).endpoint().authority()).isEqualTo("10.1.2.3:81");
  }

  private List<String> addresses(String subset) {
    return clusters.cluster(key(subset)).endpoints().stream().map(UpstreamEndpoint::address).toList();
  }
}

package io.meshlet.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.RandomSource;
import io.meshlet.Workload;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.Resource;
import io.meshlet.config.model.Destination;
import io.meshlet.config.model.HttpMatchRequest;
import io.meshlet.config.model.HttpRoute;
import io.meshlet.config.model.HttpRouteDestination;
import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.StringMatch;
import io.meshlet.config.model.VirtualService;
import io.meshlet.registry.Service;
import io.meshlet.route.RouteDecision.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A generated mesh of 10,000 hosts with 10 routes each (header, prefix and regex matches, then a
 * weighted split) compiles and routes correctly. Timing is the JMH benchmark's job; the resources
 * are built in Java so that this test does not spend its time parsing 12 MB of YAML.
 */
class LargeConfigTest {
  private static final int HOSTS = 10_000;

  static HttpMatchRequest match(StringMatch uri, Map<String, StringMatch> headers) {
    return new HttpMatchRequest(null, uri, null, null, null, headers, null, null, null, null, null, null, null, null);
  }

  static HttpRoute route(String name, List<HttpMatchRequest> match, List<HttpRouteDestination> to) {
    return new HttpRoute(name, match, to, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** VirtualService {@code svc-i} in namespace {@code ns-(i % 50)}. */
  static Resource<VirtualService> virtualService(int i) {
    String host = "svc-" + i;
    List<HttpRoute> http = new ArrayList<>();
    for (int r = 0; r < 9; r++) {
      HttpMatchRequest m = switch (r % 3) {
        case 0 -> match(null, Map.of("x-route", StringMatch.exact(String.valueOf(r))));
        case 1 -> match(StringMatch.prefix("/api/v" + r + "/"), null);
        default -> match(StringMatch.regex("/items/[0-9]+/r" + r), null);
      };
      http.add(route("r" + r, List.of(m), List.of(HttpRouteDestination.of(Destination.of(host, "r" + r)))));
    }
    http.add(route("rest", List.of(), List.of(new HttpRouteDestination(Destination.of(host, "a"), 80, null),
        new HttpRouteDestination(Destination.of(host, "b"), 20, null))));
    VirtualService spec = new VirtualService(List.of(host), null, http, null, null, null);
    return new Resource<>("networking.istio.io/v1", "VirtualService", ObjectMeta.of(host, "ns-" + i % 50), spec,
        null, i);
  }

  @Test
  void generatedResourcesMatchWhatTheLoaderReads() {
    MeshConfig loaded = new ConfigLoader().load(ConfigSource.string("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: svc-3, namespace: ns-3}
        spec:
          hosts: [svc-3]
          http:
          - name: r0
            match: [{headers: {x-route: {exact: "0"}}}]
            route: [{destination: {host: svc-3, subset: r0}}]
        """));
    assertThat(loaded.virtualServices().get(0).spec().http().get(0))
        .isEqualTo(virtualService(3).spec().http().get(0));
  }

  @Test
  void tenThousandHostsWithTenRoutesEachCompileAndRoute() {
    List<Resource<?>> resources = new ArrayList<>();
    Service[] services = new Service[HOSTS];
    for (int i = 0; i < HOSTS; i++) {
      resources.add(virtualService(i));
      services[i] = Fixture.svc("svc-" + i + ".ns-" + (i % 50) + ".svc.cluster.local", 8080);
    }
    Fixture f = Fixture.of(new MeshConfig(resources, List.of()), new Workload("client", "ns-7", Map.of()), services);
    assertThat(f.warnings).isEmpty();

    RandomSource random = RandomSource.seeded(9);
    for (int i = 0; i < HOSTS; i += 97) {
      String fqdn = "svc-" + i + ".ns-" + (i % 50) + ".svc.cluster.local";
      String host = i % 50 == 7 ? "svc-" + i : "svc-" + i + ".ns-" + (i % 50);
      RouteDecision header = f.table.route(Fixture.request("GET", "http://" + host + ":8080/", "x-route", "3"), random);
      assertThat(header.cluster()).isEqualTo(new ClusterKey(fqdn, "r3", 8080));
      RouteDecision prefix = f.table.route(Fixture.request("GET", "http://" + host + ":8080/api/v7/x"), random);
      assertThat(prefix.cluster().subset()).isEqualTo("r7");
      RouteDecision regex = f.table.route(Fixture.request("GET", "http://" + host + ":8080/items/42/r8"), random);
      assertThat(regex.cluster().subset()).isEqualTo("r8");
      RouteDecision rest = f.table.route(Fixture.request("GET", "http://" + host + ":8080/other"), random);
      assertThat(rest.cluster().subset()).isIn("a", "b");
      assertThat(rest.routeName()).isEqualTo("rest");
    }
    assertThat(f.table.route(Fixture.request("GET", "http://svc-1:8080/"), random).outcome())
        .isEqualTo(Outcome.PASSTHROUGH);
  }
}

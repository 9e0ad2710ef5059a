package io.meshlet.route;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.Workload;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.model.ServiceEntry;
import io.meshlet.registry.Endpoint;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.ServiceRegistry;
import io.meshlet.route.internal.RouteTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compiles YAML with the real loader against a small in-test registry, for routing tests. */
final class Fixture {
  static final Workload PRODUCTPAGE = new Workload("productpage-v1", "default",
      Map.of("app", "productpage", "version", "v1"));

  final RouteTable table;
  final List<Diagnostic> warnings;

  private Fixture(RouteTable table, List<Diagnostic> warnings) {
    this.table = table;
    this.warnings = warnings;
  }

  static Fixture of(String yaml, Service... services) {
    return of(yaml, PRODUCTPAGE, services);
  }

  static Fixture of(String yaml, Workload workload, Service... services) {
    MeshConfig config = yaml.isBlank() ? MeshConfig.empty() : new ConfigLoader().load(ConfigSource.string(yaml));
    return of(config, workload, services);
  }

  static Fixture of(MeshConfig config, Workload workload, Service... services) {
    List<Diagnostic> warnings = new ArrayList<>();
    RouteTable table = RouteTable.compile(config, new Registry(List.of(services)), workload, warnings::add);
    return new Fixture(table, warnings);
  }

  /** An HTTP service; the namespace comes from a {@code name.ns.svc.cluster.local} host, else {@code default}. */
  static Service svc(String host, int... ports) {
    ServicePort[] p = new ServicePort[ports.length];
    for (int i = 0; i < ports.length; i++) {
      p[i] = ServicePort.http(ports[i]);
    }
    return Service.of(host, namespaceOf(host), p);
  }

  static Service svc(String host, List<String> exportTo, int port) {
    return new Service(host, namespaceOf(host), List.of(ServicePort.http(port)), ServiceEntry.Resolution.STATIC,
        ServiceEntry.Location.MESH_INTERNAL, exportTo, List.of());
  }

  private static String namespaceOf(String host) {
    String[] parts = host.split("\\.");
    return host.endsWith(".svc.cluster.local") && parts.length == 5 ? parts[1] : "default";
  }

  /** Bookinfo's four services in namespace default, port 9080. */
  static Service[] bookinfo() {
    return new Service[] {
        svc("productpage.default.svc.cluster.local", 9080),
        svc("reviews.default.svc.cluster.local", 9080),
        svc("ratings.default.svc.cluster.local", 9080),
        svc("details.default.svc.cluster.local", 9080)};
  }

  RouteDecision route(MeshRequest request) {
    return table.route(request, RandomSource.seeded(1));
  }

  RouteDecision get(String url, String... headers) {
    return route(request("GET", url, headers));
  }

  Explanation explain(String url, String... headers) {
    return table.explain(request("GET", url, headers), RandomSource.seeded(1));
  }

  /** A request; {@code headers} alternate names and values. */
  static MeshRequest request(String method, String url, String... headers) {
    MeshRequest.Builder b = MeshRequest.builder().method(method).url(url);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  /** A registry over a fixed list of services. */
  static final class Registry implements ServiceRegistry {
    private final Map<String, Service> services = new LinkedHashMap<>();

    Registry(List<Service> list) {
      for (Service s : list) {
        services.put(s.hostname(), s);
      }
    }

    @Override
    public Service service(String hostname) {
      return services.get(hostname);
    }

    @Override
    public Collection<Service> services() {
      return services.values();
    }

    @Override
    public List<Endpoint> endpoints(String hostname) {
      return List.of();
    }
  }
}

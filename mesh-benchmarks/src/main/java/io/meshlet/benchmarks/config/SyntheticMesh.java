package io.meshlet.benchmarks.config;

import io.meshlet.MeshRequest;
import io.meshlet.config.ConfigSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A generated mesh of {@code hosts} services, the shape the scale targets are stated for: per host
 * a ServiceEntry with three static endpoints labelled {@code version: v1..v3}, a DestinationRule
 * with those three subsets and outlier detection, and a VirtualService with {@link #ROUTES} routes
 * that mix header, URI prefix, URI regex and method matches, ending in a 3-way weighted split.
 *
 * <p>Host {@code i} is {@code svc-<i>.bench.svc.cluster.local}. {@link #request} builds a request
 * that the VirtualService of a host sends down a chosen route, so a benchmark can exercise the
 * first route, a middle one and the catch-all.
 *
 * <p>The YAML is split into sources of {@link #HOSTS_PER_SOURCE} hosts because the loader caps
 * one source at 8 MB; a real mesh is many files too.
 */
public final class SyntheticMesh {
  /** Routes per VirtualService. */
  public static final int ROUTES = 10;
  /** Hosts per generated source (file). */
  public static final int HOSTS_PER_SOURCE = 250;
  /** The namespace every generated object lives in. */
  public static final String NAMESPACE = "bench";

  private final int hosts;

  private SyntheticMesh(int hosts) {
    if (hosts < 1) {
      throw new IllegalArgumentException("hosts must be at least 1, got " + hosts);
    }
    this.hosts = hosts;
  }

  /** A mesh of {@code hosts} services. */
  public static SyntheticMesh of(int hosts) {
    return new SyntheticMesh(hosts);
  }

  public int hosts() {
    return hosts;
  }

  /** The short name of host {@code i}: {@code svc-00042}. */
  public static String name(int i) {
    return String.format(Locale.ROOT, "svc-%05d", i);
  }

  /** The fully qualified name of host {@code i}. */
  public static String fqdn(int i) {
    return name(i) + "." + NAMESPACE + ".svc.cluster.local";
  }

  /** The whole mesh as in-memory sources, one per {@link #HOSTS_PER_SOURCE} hosts. */
  public List<ConfigSource> sources() {
    List<ConfigSource> out = new ArrayList<>();
    for (int from = 0; from < hosts; from += HOSTS_PER_SOURCE) {
      int to = Math.min(hosts, from + HOSTS_PER_SOURCE);
      out.add(ConfigSource.string(String.format(Locale.ROOT, "synthetic-%05d.yaml", from), yaml(from, to)));
    }
    return out;
  }

  /** Writes the mesh as YAML files into {@code dir} (created if missing) and returns {@code dir}. */
  public Path writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int from = 0; from < hosts; from += HOSTS_PER_SOURCE) {
      int to = Math.min(hosts, from + HOSTS_PER_SOURCE);
      Path file = dir.resolve(String.format(Locale.ROOT, "synthetic-%05d.yaml", from));
      Files.writeString(file, yaml(from, to), StandardCharsets.UTF_8);
    }
    return dir;
  }

  /** YAML for hosts {@code from} (inclusive) to {@code to} (exclusive). */
  public String yaml(int from, int to) {
    StringBuilder y = new StringBuilder((to - from) * 4096);
    for (int i = from; i < to; i++) {
      serviceEntry(y, i);
      destinationRule(y, i);
      virtualService(y, i);
    }
    return y.toString();
  }

  private static void header(StringBuilder y, String kind, String name) {
    y.append("---\napiVersion: networking.istio.io/v1\nkind: ").append(kind)
        .append("\nmetadata:\n  name: ").append(name)
        .append("\n  namespace: ").append(NAMESPACE).append("\nspec:\n");
  }

  private static void serviceEntry(StringBuilder y, int i) {
    header(y, "ServiceEntry", name(i));
    y.append("  hosts: [").append(fqdn(i)).append("]\n")
        .append("  location: MESH_INTERNAL\n")
        .append("  resolution: STATIC\n")
        .append("  ports:\n  - {number: 80, name: http, protocol: HTTP}\n")
        .append("  endpoints:\n");
    for (int v = 1; v <= 3; v++) {
      int address = i * 3 + v;
      y.append("  - {address: 10.").append((address >> 16) & 255).append('.').append((address >> 8) & 255)
          .append('.').append(address & 255).append(", ports: {http: 8080}, labels: {app: ").append(name(i))
          .append(", version: v").append(v).append("}}\n");
    }
  }

  private static void destinationRule(StringBuilder y, int i) {
    header(y, "DestinationRule", name(i));
    y.append("  host: ").append(name(i)).append('\n')
        .append("  trafficPolicy:\n")
        .append("    outlierDetection:\n")
        .append("      consecutive5xxErrors: 5\n")
        .append("      interval: 10s\n")
        .append("      baseEjectionTime: 30s\n")
        .append("      maxEjectionPercent: 50\n")
        .append("  subsets:\n");
    for (int v = 1; v <= 3; v++) {
      y.append("  - name: v").append(v).append("\n    labels: {version: v").append(v).append("}\n");
    }
  }

  /**
   * Ten routes; route {@code r}'s match is chosen so that {@link #request} can reach it and no
   * earlier route catches that request (each match names something unique to its route).
   */
  private static void virtualService(StringBuilder y, int i) {
    String n = name(i);
    header(y, "VirtualService", n);
    y.append("  hosts: [").append(n).append("]\n  http:\n");
    // 0: a user pinned to v2, the Istio task's "end-user: jason" rule.
    route(y, n, "user", "    - headers: {end-user: {exact: user-" + i + "}}\n", "v2");
    // 1..2: API versions by URI prefix.
    route(y, n, "api-v1", "    - uri: {prefix: /api/v1/}\n", "v1");
    route(y, n, "api-v2", "    - uri: {prefix: /api/v2/}\n", "v2");
    // 3: numeric order ids by regex (RE2, full match).
    route(y, n, "orders", "    - uri: {regex: '/orders/[0-9]+'}\n", "v3");
    // 4: a canary header matched by regex, ANDed with a prefix.
    route(y, n, "canary", "    - headers: {x-canary: {regex: '(true|yes|1)'}}\n      uri: {prefix: /shop/}\n", "v3");
    // 5: writes go to v1 only.
    route(y, n, "writes", "    - method: {exact: POST}\n      uri: {prefix: /cart/}\n", "v1");
    // 6: two OR-ed blocks: a header prefix or a URI regex.
    route(y, n, "tenant", "    - headers: {x-tenant: {prefix: gold-}}\n    - uri: {regex: '/t/[a-z]+/reports/.*'}\n", "v2");
    // 7: a static prefix.
    route(y, n, "static", "    - uri: {prefix: /static/}\n", "v1");
    // 8: an exact health path.
    route(y, n, "health", "    - uri: {exact: /healthz}\n", "v1");
    // 9: everything else splits three ways.
    y.append("  - name: default\n    route:\n");
    int[] weights = {50, 30, 20};
    for (int v = 1; v <= 3; v++) {
      y.append("    - destination: {host: ").append(n).append(", subset: v").append(v).append("}\n")
          .append("      weight: ").append(weights[v - 1]).append('\n');
    }
  }

  private static void route(StringBuilder y, String host, String name, String matchBlocks, String subset) {
    y.append("  - name: ").append(name).append("\n    match:\n").append(matchBlocks)
        .append("    route:\n    - destination: {host: ").append(host).append(", subset: ").append(subset).append("}\n");
  }

  /**
   * A GET (a POST for route 5) to host {@code i} that its VirtualService sends down route
   * {@code route} (0..9; 9 is the weighted catch-all).
   */
  public static MeshRequest request(int i, int route) {
    MeshRequest.Builder b = MeshRequest.builder().method("GET").scheme("http").host(fqdn(i)).port(80);
    switch (route) {
      case 0 -> b.path("/").header("end-user", "user-" + i);
      case 1 -> b.path("/api/v1/items/7");
      case 2 -> b.path("/api/v2/items/7");
      case 3 -> b.path("/orders/12345");
      case 4 -> b.path("/shop/basket").header("x-canary", "yes");
      case 5 -> b.method("POST").path("/cart/add");
      case 6 -> b.path("/t/acme/reports/2024/q1");
      case 7 -> b.path("/static/app.js");
      case 8 -> b.path("/healthz");
      case 9 -> b.path("/products/42").header("user-agent", "bench");
      default -> throw new IllegalArgumentException("route must be 0.." + (ROUTES - 1) + ", got " + route);
    }
    return b.build();
  }
}

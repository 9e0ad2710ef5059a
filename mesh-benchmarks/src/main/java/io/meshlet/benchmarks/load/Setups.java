package io.meshlet.benchmarks.load;

import io.meshlet.Mesh;
import io.meshlet.okhttp.MeshInterceptor;
import io.meshlet.benchmarks.interceptor.AdapterFloor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** The set-ups of the load benchmark, each reaching the same three endpoints. */
final class Setups {
  /** The path every set-up requests. */
  static final String PATH = "/payload";

  private Setups() {}

  /**
   * The client all set-ups start from. The pool keeps an idle connection per worker per endpoint:
   * OkHttp's default (5 idle connections) would close and reopen connections above 5 workers,
   * which measures TCP handshakes instead of requests.
   */
  static OkHttpClient.Builder okHttp(int concurrency) {
    // OkHttp's default timeouts (connect, read and write 10 s; Istio's cluster connect timeout is 10 s
    // too, so Meshlet need not override it per call, as for any client left at the default).
    return new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(concurrency * 3 + 5, 5, TimeUnit.MINUTES));
  }

  /** (a) OkHttp straight to the endpoints, round robin on the client: the physical limit. */
  static ClientSetup direct(int[] endpoints, int concurrency) {
    return new Simple("a", "OkHttp → endpoints", okHttp(concurrency).build(), directUrls(endpoints), List.of());
  }

  private static String[] directUrls(int[] endpoints) {
    String[] urls = new String[endpoints.length];
    for (int i = 0; i < endpoints.length; i++) {
      urls[i] = "http://127.0.0.1:" + endpoints[i] + PATH;
    }
    return urls;
  }

  /**
   * (h), optional: (a) plus the two request headers an Istio client sidecar adds and (b) adds too,
   * {@code x-request-id} (a new random UUID) and {@code x-envoy-attempt-count: 1}, set by an
   * application interceptor ({@link AdapterFloor.Work#HEADERS}). Between (a) and (b), it separates
   * what those headers cost the client and the endpoint server from what Meshlet's own work costs.
   */
  static ClientSetup envoyHeaders(int[] endpoints, int concurrency) {
    return floor("h", "OkHttp + Envoy's request headers → endpoints", AdapterFloor.Work.HEADERS, endpoints,
        concurrency);
  }

  /**
   * (f), optional: (a) through an interceptor that makes the OkHttp API calls Meshlet's adapter
   * makes for a routed call and does nothing else ({@link AdapterFloor.Work#ADAPTER}: the two
   * headers, four interceptor-chain copies, the response rebuilt with a counting body). Between
   * (a) and (b), it is the floor any interceptor doing the adapter's job pays on OkHttp.
   */
  static ClientSetup adapterFloor(int[] endpoints, int concurrency) {
    return floor("f", "OkHttp + the adapter's OkHttp work → endpoints", AdapterFloor.Work.ADAPTER, endpoints,
        concurrency);
  }

  /**
   * (r), optional: (f) without the interceptor-chain copies and the counting body: the headers and
   * the rebuilt response ({@link AdapterFloor.Work#RESPONSE}), which an adapter of any shape pays.
   */
  static ClientSetup responseFloor(int[] endpoints, int concurrency) {
    return floor("r", "OkHttp + headers + rebuilt response → endpoints", AdapterFloor.Work.RESPONSE, endpoints,
        concurrency);
  }

  private static ClientSetup floor(String key, String name, AdapterFloor.Work work, int[] endpoints,
      int concurrency) {
    OkHttpClient client = okHttp(concurrency).addInterceptor(new AdapterFloor(work)).build();
    return new Simple(key, name, client, directUrls(endpoints), List.of());
  }

  /**
   * (b) OkHttp + Meshlet: the client carries Meshlet's OkHttp interceptor built from
   * {@link MeshletLoadConfig#yaml} (a three-way split over subsets, default retries, outlier
   * detection), and calls the service by its short name from a workload in the service's namespace,
   * or by its fully qualified name with {@code fqdn} ({@link MeshletLoadConfig#url}).
   */
  static ClientSetup meshlet(int[] endpoints, int concurrency, boolean fqdn) {
    Mesh mesh = MeshletLoadConfig.meshBuilder().configYaml(MeshletLoadConfig.yaml(endpoints)).build();
    OkHttpClient client = okHttp(concurrency).addInterceptor(MeshInterceptor.create(mesh)).build();
    return new Simple("b", "OkHttp + Meshlet → endpoints", client, new String[] {MeshletLoadConfig.url(fqdn)},
        List.of(), mesh::close);
  }

  /** (c) OkHttp through one HAProxy, which balances round robin over the endpoints. */
  static ClientSetup oneHop(String haproxy, Path dir, int[] endpoints, int concurrency) throws IOException {
    int port = HaProxy.freePort();
    HaProxy proxy = HaProxy.start(haproxy, dir, "one-hop", HaProxy.roundRobin(port, boxed(endpoints)), port);
    return new Simple("c", "OkHttp → HAProxy → endpoints", okHttp(concurrency).build(),
        new String[] {"http://127.0.0.1:" + port + PATH}, List.of(proxy));
  }

  /**
   * (d) OkHttp through two HAProxy hops, as every request between two Istio sidecars crosses: a
   * client-side proxy balancing over three server-side proxies, one in front of each endpoint.
   */
  static ClientSetup twoHops(String haproxy, Path dir, int[] endpoints, int concurrency) throws IOException {
    List<Integer> sidecarPorts = List.of(HaProxy.freePort(), HaProxy.freePort(), HaProxy.freePort());
    HaProxy server = HaProxy.start(haproxy, dir, "two-hops-server", HaProxy.sidecars(sidecarPorts, boxed(endpoints)),
        sidecarPorts.get(0));
    HaProxy client;
    try {
      int port = HaProxy.freePort();
      client = HaProxy.start(haproxy, dir, "two-hops-client", HaProxy.roundRobin(port, sidecarPorts), port);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new Simple("d", "OkHttp → HAProxy → HAProxy → endpoints", okHttp(concurrency).build(),
        new String[] {"http://127.0.0.1:" + client.port() + PATH}, List.of(client, server));
  }

  private static List<Integer> boxed(int[] ports) {
    return Arrays.stream(ports).boxed().toList();
  }

  /** A set-up made of a client, its URLs, the proxies it owns and what else to close with it. */
  record Simple(String key, String name, OkHttpClient client, String[] urlList, List<HaProxy> proxies,
      Runnable onClose) implements ClientSetup {

    Simple(String key, String name, OkHttpClient client, String[] urlList, List<HaProxy> proxies) {
      this(key, name, client, urlList, proxies, () -> { });
    }

    @Override
    public int urls() {
      return urlList.length;
    }

    @Override
    public String url(int i) {
      return urlList[i];
    }

    @Override
    public List<ProcessHandle> processes() {
      return proxies.stream().map(HaProxy::handle).toList();
    }

    @Override
    public void close() {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
      proxies.forEach(HaProxy::close);
      onClose.run();
    }
  }
}

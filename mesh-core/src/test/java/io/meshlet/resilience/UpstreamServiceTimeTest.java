package io.meshlet.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.Mesh;
import io.meshlet.MeshRequest;
import io.meshlet.route.HeaderSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code x-envoy-upstream-service-time} is read from the mesh's ticker for routed and passthrough
 * calls alike, so a fake ticker decides it exactly.
 */
class UpstreamServiceTimeTest {
  private static final String SERVICE_ENTRY = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: reviews, namespace: default}
      spec:
        hosts: [reviews.default.svc.cluster.local]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 9080, name: http, protocol: HTTP}]
        endpoints: [{address: 10.0.0.1}]
      """;

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  /** An endpoint that takes {@code millis} of the fake clock to answer 200. */
  private Transport answeringAfter(long millis) {
    return attempt -> {
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
      return new UpstreamResponse() {
        @Override
        public int status() {
          return 200;
        }

        @Override
        public String header(String name) {
          return null;
        }

        @Override
        public void close() {}
      };
    };
  }

  private String serviceTime(String url, long millis) throws Exception {
    try (Mesh mesh = Mesh.builder().workload("productpage", "default", Map.of()).ticker(clock::get)
        .configYaml(SERVICE_ENTRY).build()) {
      Exchange exchange = mesh.invoker().execute(MeshRequest.of("GET", url), answeringAfter(millis));
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.applyResponseHeaders(new HeaderSink() {
        @Override
        public void set(String name, String value) {
          headers.put(name, value);
        }

        @Override
        public void add(String name, String value) {
          headers.put(name, value);
        }

        @Override
        public void remove(String name) {
          headers.remove(name);
        }
      });
      exchange.complete(0, 0);
      return headers.get("x-envoy-upstream-service-time");
    }
  }

  @Test
  void routedCallTakesItsTimeFromTheMeshTicker() throws Exception {
    assertThat(serviceTime("http://reviews:9080/", 42)).isEqualTo("42");
  }

  @Test
  void passthroughCallTakesItsTimeFromTheMeshTickerToo() throws Exception {
    assertThat(serviceTime("http://example.com/", 1_234)).isEqualTo("1234");
  }
}

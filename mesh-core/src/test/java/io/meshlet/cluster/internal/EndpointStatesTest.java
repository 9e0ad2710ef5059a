package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.CLIENT;
import static io.meshlet.cluster.internal.Fixtures.HOST;
import static io.meshlet.cluster.internal.Fixtures.key;
import static io.meshlet.cluster.internal.Fixtures.request;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshlet.RandomSource;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.UpstreamCall;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.config.MeshConfig;
import io.meshlet.registry.Endpoint;
import io.meshlet.registry.EndpointSource;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.internal.RegistryManager;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** Per-endpoint state across snapshots: kept for endpoints that stay, dropped for those that leave. */
class EndpointStatesTest {
  private final Fixtures.FakeTicker ticker = new Fixtures.FakeTicker();
  private final EndpointStates states = new EndpointStates(ticker, null);
  private final Service service = Service.of(HOST, "default", new ServicePort(9080, "http", "HTTP", 0));
  private final MeshConfig config = yaml(rule(
      "  trafficPolicy:\n    outlierDetection: {consecutive5xxErrors: 1, maxEjectionPercent: 100}\n"));

  @Test
  void stateOfEndpointsThatStaySurvivesAnEndpointChange() throws Exception {
    try (Source source = new Source(); RegistryManager registry = manager(source)) {
      source.push(0, 2);
      Cluster before = compile(registry).cluster(key(""));
      UpstreamEndpoint a = before.endpoints().get(0);
      UpstreamCall inFlight = before.begin(a);
      before.begin(before.endpoints().get(1)).end(503); // ejects 10.0.0.1
      source.push(0, 3);
      Cluster after = compile(registry).cluster(key(""));
      HostImpl a2 = (HostImpl) after.endpoints().get(0);
      assertThat(a2).isEqualTo(a);
      assertThat(a2.state.active.get()).isEqualTo(1);
      assertThat(((HostImpl) after.endpoints().get(1)).state.ejected).isTrue();
      assertThat(((HostImpl) after.endpoints().get(2)).state.active.get()).isZero();
      inFlight.end(200);
      assertThat(a2.state.active.get()).isZero();
      source.push(1, 3); // 10.0.0.0 leaves
      compile(registry);
      assertThat(states.endpointCount()).isEqualTo(2);
    }
  }

  @Test
  void aHundredThousandEndpointsChurnThroughWithoutAccumulatingState() throws Exception {
    try (Source source = new Source(); RegistryManager registry = manager(source)) {
      WeakReference<HostState> firstState = null;
      int perRound = 1_000;
      for (int round = 0; round < 100; round++) {
        source.push(round * perRound, (round + 1) * perRound);
        Cluster c = compile(registry).cluster(key(""));
        for (int i = 0; i < 10; i++) {
          Fixtures.call(c, 200, RandomSource.seeded(i));
        }
        if (round == 0) {
          firstState = new WeakReference<>(((HostImpl) c.endpoints().get(0)).state);
        }
        assertThat(states.endpointCount()).isEqualTo(perRound);
      }
      assertThat(states.clusterCount()).isEqualTo(2); // the service's cluster and the passthrough one
      WeakReference<HostState> gone = firstState;
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        System.gc();
        return gone.get() == null;
      });
    }
  }

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  private RegistryManager manager(Source source) {
    return new RegistryManager(Map.of(), List.of(source), scheduler, ticker, () -> {});
  }

  private Clusters compile(RegistryManager registry) {
    return Clusters.compile(config, registry.registry(config, CLIENT), CLIENT, states, d -> {});
  }

  /** Reports endpoints 10.x.y.z numbered from..to-1 for the one service. */
  private final class Source implements EndpointSource {
    private Listener listener;

    @Override
    public void start(Listener listener) {
      this.listener = listener;
    }

    void push(int from, int to) {
      List<Endpoint> eps = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        eps.add(Endpoint.of("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 9080));
      }
      listener.update(service, eps);
    }

    @Override
    public void close() {
      scheduler.shutdownNow();
    }
  }
}

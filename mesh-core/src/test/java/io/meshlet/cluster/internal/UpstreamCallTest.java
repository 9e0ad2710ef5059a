package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.compile;
import static io.meshlet.cluster.internal.Fixtures.endpoint;
import static io.meshlet.cluster.internal.Fixtures.key;
import static io.meshlet.cluster.internal.Fixtures.registry;
import static io.meshlet.cluster.internal.Fixtures.request;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.LocalOriginFailure;
import io.meshlet.cluster.Pick;
import io.meshlet.cluster.UpstreamCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An upstream call's time on the mesh ticker (x-envoy-upstream-service-time) and its active count. */
class UpstreamCallTest {
  private final Fixtures.FakeTicker ticker = new Fixtures.FakeTicker();
  private final EndpointStates states = new EndpointStates(ticker, null);
  private final RandomSource random = RandomSource.seeded(3);

  private Cluster cluster(String lb) {
    String spec = "  trafficPolicy:\n    loadBalancer: {simple: " + lb + "}\n";
    return compile(yaml(rule(spec)), registry(List.of(endpoint("10.0.0.1"), endpoint("10.0.0.2"))), states)
        .cluster(key(""));
  }

  @Test
  void aCallBegunFromAPickCountsItsTimeFromThePick() {
    Cluster c = cluster("ROUND_ROBIN");
    Pick pick = c.pick(request(), List.of(), random);
    assertThat(pick.nanos()).isEqualTo(ticker.nanos());
    ticker.advance(Duration.ofMillis(5));
    UpstreamCall call = c.begin(pick);
    ticker.advance(Duration.ofMillis(7));
    assertThat(call.elapsedNanos()).as("in flight").isZero();
    call.end(200);
    assertThat(call.elapsedNanos()).isEqualTo(Duration.ofMillis(12).toNanos());
    ticker.advance(Duration.ofMillis(100));
    call.end(200);
    call.fail(LocalOriginFailure.RESET);
    assertThat(call.elapsedNanos()).as("only the first end counts").isEqualTo(Duration.ofMillis(12).toNanos());
  }

  @Test
  void aCallBegunFromAnEndpointCountsFromItsBeginAndReleasesTheEndpointOnce() {
    Cluster c = cluster("LEAST_REQUEST");
    HostImpl host = (HostImpl) c.endpoints().get(0);
    ticker.advance(Duration.ofMillis(1));
    UpstreamCall failed = c.begin(host);
    UpstreamCall cancelled = c.begin(host);
    assertThat(host.state.active.get()).isEqualTo(2);
    ticker.advance(Duration.ofMillis(3));
    failed.fail(LocalOriginFailure.CONNECT_FAILED);
    cancelled.cancel();
    failed.end(200);
    cancelled.cancel();
    assertThat(host.state.active.get()).isZero();
    assertThat(failed.elapsedNanos()).isEqualTo(Duration.ofMillis(3).toNanos());
    assertThat(cancelled.elapsedNanos()).as("a cancelled call has no upstream time").isZero();
  }

  @Test
  void onlyLeastRequestOverSeveralHostsCountsCallsActive() {
    // Nothing else reads the count: writing it would only move the host's cache line between cores.
    Cluster roundRobin = cluster("ROUND_ROBIN");
    Cluster single = compile(yaml(rule("")), registry(List.of(endpoint("10.0.0.1"))), states).cluster(key(""));
    for (Cluster c : List.of(roundRobin, single)) {
      HostImpl host = (HostImpl) c.endpoints().get(0);
      UpstreamCall call = c.begin(host);
      assertThat(host.state.active.get()).isZero();
      call.end(200);
      call.cancel();
      assertThat(host.state.active.get()).as("nothing to release").isZero();
    }
  }

  @Test
  void aPassthroughCallIsTimedButNotTracked() {
    Cluster c = cluster("PASSTHROUGH");
    Pick pick = c.pick(MeshRequest.of("GET", "http://10.9.9.9:8080/x"), List.of(), random);
    UpstreamCall call = c.begin(pick);
    ticker.advance(Duration.ofMillis(2));
    call.end(503);
    assertThat(call.endpoint().address()).isEqualTo("10.9.9.9");
    assertThat(call.elapsedNanos()).isEqualTo(Duration.ofMillis(2).toNanos());
    for (var e : c.endpoints()) {
      assertThat(((HostImpl) e).state.active.get()).isZero();
    }
  }
}

package io.meshlet.cluster.internal;

import static io.meshlet.cluster.internal.Fixtures.compile;
import static io.meshlet.cluster.internal.Fixtures.endpoint;
import static io.meshlet.cluster.internal.Fixtures.key;
import static io.meshlet.cluster.internal.Fixtures.registry;
import static io.meshlet.cluster.internal.Fixtures.rule;
import static io.meshlet.cluster.internal.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshlet.cluster.Admission;
import io.meshlet.cluster.Cluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connection-pool limits as Envoy's circuit breakers (reference §2.14) and the retry budget. */
class CircuitBreakerTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final EndpointStates states = new EndpointStates(new Fixtures.FakeTicker(), meters);

  private Cluster cluster(String trafficPolicy) {
    return compile(yaml(rule("  trafficPolicy:\n" + trafficPolicy.stripIndent().indent(4))),
        registry(List.of(endpoint("10.0.0.1"))), states).cluster(key(""));
  }

  private double count(String name) {
    return meters.get(name).tag("cluster_name", key("").toString()).counter().count();
  }

  private double gauge(String name) {
    return meters.get(name).tag("cluster_name", key("").toString()).gauge().value();
  }

  @Test
  void activeRequestsBeyondHttp2MaxRequestsOverflowAtOnce() throws InterruptedException {
    Cluster c = cluster("connectionPool: {http: {http2MaxRequests: 2}}");
    Admission a = c.admit(Long.MAX_VALUE);
    Admission b = c.admit(Long.MAX_VALUE);
    Admission overflow = c.admit(Long.MAX_VALUE);
    assertThat(a.admitted()).isTrue();
    assertThat(b.admitted()).isTrue();
    assertThat(overflow.admitted()).isFalse();
    assertThat(overflow.timedOut()).isFalse();
    assertThat(count("envoy.cluster.upstream_rq_pending_overflow")).isEqualTo(1);
    a.close();
    a.close(); // idempotent: releases once
    Admission again = c.admit(Long.MAX_VALUE);
    assertThat(again.admitted()).isTrue();
    assertThat(c.admit(Long.MAX_VALUE).admitted()).isFalse();
    b.close();
    again.close();
  }

  @Test
  void requestsQueueForAConnectionUpToHttp1MaxPendingRequests() throws Exception {
    Cluster c = cluster("connectionPool: {tcp: {maxConnections: 1}, http: {http1MaxPendingRequests: 1}}");
    Admission first = c.admit(Long.MAX_VALUE);
    CompletableFuture<Admission> queued = CompletableFuture.supplyAsync(() -> {
      try {
        return c.admit(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> gauge("envoy.cluster.upstream_rq_pending_active") == 1);
    Admission overflow = c.admit(Long.MAX_VALUE);
    assertThat(overflow.admitted()).isFalse();
    assertThat(overflow.timedOut()).isFalse();
    assertThat(queued).isNotDone();
    first.close();
    Admission second = queued.get(5, TimeUnit.SECONDS);
    assertThat(second.admitted()).isTrue();
    second.close();
  }

  @Test
  void aQueuedRequestGivesUpAtItsDeadline() throws InterruptedException {
    Cluster c = cluster("connectionPool: {tcp: {maxConnections: 1}}");
    Admission first = c.admit(Long.MAX_VALUE);
    Admission late = c.admit(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(late.admitted()).isFalse();
    assertThat(late.timedOut()).isTrue();
    first.close();
  }

  @Test
  void concurrentRetriesAreLimitedByMaxRetries() {
    Cluster c = cluster("connectionPool: {http: {maxRetries: 2}}");
    assertThat(c.tryStartRetry()).isTrue();
    assertThat(c.tryStartRetry()).isTrue();
    assertThat(c.tryStartRetry()).isFalse();
    assertThat(count("envoy.cluster.upstream_rq_retry_overflow")).isEqualTo(1);
    c.endRetry();
    assertThat(c.tryStartRetry()).isTrue();
  }

  @Test
  void retryBudgetAllowsAShareOfActiveRequestsAndAlwaysItsMinimum() throws InterruptedException {
    Cluster c = cluster("retryBudget: {percent: 20, minRetryConcurrency: 1}\nconnectionPool: {http: {maxRetries: 100}}");
    assertThat(c.tryStartRetry()).isTrue();
    assertThat(c.tryStartRetry()).as("only the minimum without active requests").isFalse();
    c.endRetry();
    List<Admission> active = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      active.add(c.admit(Long.MAX_VALUE));
    }
    // 20% of 10 active requests: two concurrent retries.
    assertThat(c.tryStartRetry()).isTrue();
    assertThat(c.tryStartRetry()).isTrue();
    assertThat(c.tryStartRetry()).isFalse();
    active.forEach(Admission::close);
  }

  @Test
  void activeRequestsGaugeCountsAdmittedRequestsUntilClosed() throws InterruptedException {
    Cluster c = cluster("connectionPool: {http: {http2MaxRequests: 2}}");
    Admission a = c.admit(Long.MAX_VALUE);
    Admission b = c.admit(Long.MAX_VALUE);
    assertThat(gauge("envoy.cluster.upstream_rq_active")).isEqualTo(2);
    assertThat(c.admit(Long.MAX_VALUE).admitted()).isFalse();
    assertThat(gauge("envoy.cluster.upstream_rq_active")).as("an overflow is never active").isEqualTo(2);
    a.close();
    a.close();
    assertThat(gauge("envoy.cluster.upstream_rq_active")).as("closing twice releases once").isEqualTo(1);
    b.close();
    assertThat(gauge("envoy.cluster.upstream_rq_active")).isZero();
  }

  @Test
  void limitsFollowARecompileWhileRequestsAreInFlight() throws InterruptedException {
    Cluster two = cluster("connectionPool: {http: {http2MaxRequests: 2}}");
    Admission a = two.admit(Long.MAX_VALUE);
    Admission b = two.admit(Long.MAX_VALUE);
    Cluster three = cluster("connectionPool: {http: {http2MaxRequests: 3}}");
    Admission c = three.admit(Long.MAX_VALUE);
    assertThat(c.admitted()).isTrue();
    assertThat(three.admit(Long.MAX_VALUE).admitted()).isFalse();
    Cluster one = cluster("connectionPool: {http: {http2MaxRequests: 1}}");
    a.close();
    b.close();
    assertThat(one.admit(Long.MAX_VALUE).admitted()).isFalse();
    c.close();
    assertThat(one.admit(Long.MAX_VALUE).admitted()).isTrue();
  }

  @Test
  void withoutLimitsRequestsAreCountedActiveAndALimitThatAppearsCountsAnew() throws InterruptedException {
    // Istio's defaults (2^32-1) limit nothing; the active count and the retry budget still see every request.
    Cluster unlimited = cluster("retryBudget: {percent: 50, minRetryConcurrency: 1}");
    List<Admission> admitted = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      admitted.add(unlimited.admit(0));
    }
    assertThat(admitted).allMatch(Admission::admitted);
    assertThat(gauge("envoy.cluster.upstream_rq_active")).isEqualTo(4);
    assertThat(unlimited.tryStartRetry()).isTrue();
    assertThat(unlimited.tryStartRetry()).as("half of four active requests").isTrue();
    assertThat(unlimited.tryStartRetry()).isFalse();
    unlimited.endRetry();
    unlimited.endRetry();

    // As in Envoy, whose updated cluster starts its circuit breakers at zero, a limit that appears
    // counts what it admits from then on; what was admitted before still shows as active.
    Cluster limited = cluster("connectionPool: {tcp: {maxConnections: 1}, http: {http2MaxRequests: 1}}");
    Admission first = limited.admit(0);
    assertThat(first.admitted()).isTrue();
    assertThat(limited.admit(0).admitted()).isFalse();
    assertThat(gauge("envoy.cluster.upstream_rq_active")).isEqualTo(5);
    admitted.forEach(Admission::close);
    admitted.forEach(Admission::close);
    assertThat(gauge("envoy.cluster.upstream_rq_active")).as("closing twice releases once").isEqualTo(1);
    assertThat(limited.admit(0).admitted()).as("the limit counts only its own").isFalse();
    first.close();
    assertThat(gauge("envoy.cluster.upstream_rq_active")).isZero();
    Admission again = limited.admit(0);
    assertThat(again.admitted()).isTrue();
    again.close();
  }
}

package io.meshlet.cluster.internal;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.Ticker;
import io.meshlet.cluster.Admission;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.cluster.ClusterPolicy;
import io.meshlet.cluster.LocalOriginFailure;
import io.meshlet.cluster.Pick;
import io.meshlet.cluster.UpstreamCall;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.config.model.TrafficPolicy.RetryBudget;
import io.meshlet.registry.Service;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A compiled cluster: immutable hosts and policy over long-lived {@link ClusterState} and {@link HostState}. */
final class ClusterImpl implements Cluster {
  /** Istio sets Envoy's {@code host_selection_retry_max_attempts} to 5 for {@code previous_hosts}. */
  private static final int HOST_SELECTION_RETRIES = 5;

  private final ClusterKey key;
  private final Service service;
  private final ClusterPolicy policy;
  private final HostImpl[] hosts;
  private final List<HostImpl> hostList;
  private final ClusterState state;
  private final Ticker ticker;
  private final LoadBalancer lb;
  private final OutlierDetector outlier;
  /**
   * Whether calls count themselves active on their host: only least request reads those counts, and
   * only where it has two hosts to choose between. Elsewhere the count would be written twice per
   * request, moving the host's cache line between cores, for no reader.
   */
  private final boolean countActive;
  private volatile LoadBalancer.Snapshot snapshot;

  /**
   * @param lb the load balancer, or null for a passthrough cluster (original destination)
   */
  ClusterImpl(ClusterKey key, Service service, ClusterPolicy policy, HostImpl[] hosts, ClusterState state,
      Ticker ticker, LoadBalancer lb) {
    this.key = key;
    this.service = service;
    this.policy = policy;
    this.hosts = hosts;
    this.hostList = List.of(hosts);
    this.state = state;
    this.ticker = ticker;
    this.lb = lb;
    this.countActive = lb != null && lb.algorithm == LoadBalancer.Algorithm.LEAST_REQUEST && hosts.length > 1;
    long now = ticker.nanos();
    state.configure(policy.connectionPool());
    if (policy.outlierDetection() != null && lb != null) {
      this.outlier = new OutlierDetector(policy.outlierDetection(), state, hosts);
      state.armSweeps(outlier.intervalNanos, now);
    } else {
      this.outlier = null;
      state.armSweeps(0, now);
      OutlierDetector.clearEjections(state, hosts);
    }
  }

  @Override
  public ClusterKey key() {
    return key;
  }

  @Override
  public Service service() {
    return service;
  }

  @Override
  public ClusterPolicy policy() {
    return policy;
  }

  @Override
  public List<? extends UpstreamEndpoint> endpoints() {
    return hostList;
  }

  /** The hosts, in priority order; shared, do not modify. */
  HostImpl[] hosts() {
    return hosts;
  }

  boolean passthrough() {
    return lb == null;
  }

  @Override
  public Admission admit(long maxWaitNanos) throws InterruptedException {
    ClusterState s = state;
    boolean slot = s.connectionsLimited;
    if (slot && !s.connections.tryAcquire()) {
      // Envoy's pending queue is bounded and fails at once when full; Resilience4j's waiting
      // bulkhead bounds only the wait, not the number of waiters, so the queue is counted here.
      if (s.pending.incrementAndGet() > s.maxPending) {
        s.pending.decrementAndGet();
        ClusterState.increment(s.pendingOverflow);
        return Rejection.OVERFLOW;
      }
      boolean acquired;
      try {
        acquired = maxWaitNanos > 0 && s.connections.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
      } finally {
        s.pending.decrementAndGet();
      }
      if (!acquired) {
        return Rejection.TIMED_OUT;
      }
    }
    int counted = s.requests.acquire();
    if (counted == ClusterState.Limit.FULL) {
      if (slot) {
        s.connections.release();
      }
      ClusterState.increment(s.pendingOverflow);
      return Rejection.OVERFLOW;
    }
    return new Admitted(s, slot, counted == ClusterState.Limit.STRIPED);
  }

  @Override
  public boolean tryStartRetry() {
    ClusterState s = state;
    RetryBudget budget = policy.retryBudget();
    long allowed;
    if (budget != null) {
      // Envoy: max(minRetryConcurrency, percent of active and pending requests); it replaces maxRetries.
      long base = (long) s.requests.active() + s.pending.get();
      allowed = Math.max(budget.minRetryConcurrencyOrDefault(), (long) (budget.percentOrDefault() / 100.0 * base));
    } else {
      allowed = policy.connectionPool().maxRetries();
    }
    while (true) {
      int current = s.activeRetries.get();
      if (current >= allowed) {
        ClusterState.increment(s.retryOverflow);
        return false;
      }
      if (s.activeRetries.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  @Override
  public void endRetry() {
    state.activeRetries.updateAndGet(v -> Math.max(0, v - 1));
  }

  @Override
  public Pick pick(MeshRequest request, Collection<? extends UpstreamEndpoint> avoid, RandomSource random) {
    if (lb == null) {
      return new Pick(new PassthroughEndpoint(request.host(), request.port()), null, ticker.nanos());
    }
    long now = ticker.nanos();
    if (outlier != null) {
      outlier.sweepIfDue(now);
    }
    LoadBalancer.Snapshot snap = snapshot(now);
    long hash = 0;
    String setCookie = null;
    boolean hashing = lb.hashing();
    if (hashing) {
      String hashKey = lb.hashPolicy == null ? null : lb.hashPolicy.key(request);
      if (hashKey == null && lb.hashPolicy != null && lb.hashPolicy.generatesCookie()) {
        hashKey = HashPolicy.newCookieValue(random);
        setCookie = lb.hashPolicy.setCookie(hashKey);
      }
      hash = hashKey == null ? random.nextLong() : XxHash64.hash(hashKey);
    }
    int attempts = hashing || avoid.isEmpty() ? 1 : 1 + HOST_SELECTION_RETRIES;
    HostImpl chosen = null;
    for (int i = 0; i < attempts; i++) {
      chosen = snap.choose(hash, hashing, random);
      if (chosen == null) {
        return null;
      }
      if (!avoid.contains(chosen)) {
        break;
      }
    }
    return new Pick(chosen, setCookie, now);
  }

  @Override
  public UpstreamCall begin(UpstreamEndpoint endpoint) {
    return begin(endpoint, ticker.nanos());
  }

  @Override
  public UpstreamCall begin(Pick pick) {
    return begin(pick.endpoint(), pick.nanos());
  }

  private UpstreamCall begin(UpstreamEndpoint endpoint, long now) {
    HostImpl host = endpoint instanceof HostImpl h ? h : null;
    boolean counted = host != null && countActive;
    if (counted) {
      host.state.active.incrementAndGet();
    }
    return new Call(host, endpoint, now, counted);
  }

  /** The traffic share per priority level for the hosts' current health (for tests and explain). */
  double[] priorityLoad() {
    return snapshot(ticker.nanos()).load();
  }

  private LoadBalancer.Snapshot snapshot(long now) {
    LoadBalancer.Snapshot s = snapshot;
    if (s != null && s.version == state.healthVersion.get() && now < s.validUntil) {
      return s;
    }
    synchronized (this) {
      s = snapshot;
      long version = state.healthVersion.get();
      if (s == null || s.version != version || now >= s.validUntil) {
        s = lb.build(hosts, version, now);
        snapshot = s;
      }
      return s;
    }
  }

  @Override
  public String toString() {
    return key.toString();
  }

  /**
   * One request to a host (tracked: outlier detection, and the active count where least request
   * reads it) or to a passthrough destination (host null: neither). Only the first of end, fail and
   * cancel counts.
   */
  private final class Call extends AtomicBoolean implements UpstreamCall {
    private final HostImpl host;
    private final UpstreamEndpoint endpoint;
    private final long started;
    /** Whether it counted itself active on its host (and so must uncount). */
    private final boolean counted;
    /** Set by the first end or fail; read by the thread that ended the call (the invoker reads it right after). */
    private long elapsed;

    Call(HostImpl host, UpstreamEndpoint endpoint, long started, boolean counted) {
      this.host = host;
      this.endpoint = endpoint;
      this.started = started;
      this.counted = counted;
    }

    @Override
    public UpstreamEndpoint endpoint() {
      return endpoint;
    }

    @Override
    public long elapsedNanos() {
      return elapsed;
    }

    @Override
    public void end(int status) {
      if (compareAndSet(false, true)) {
        long now = finish();
        if (host != null && outlier != null) {
          outlier.sweepIfDue(now);
          outlier.onStatus(host, status, now);
        }
      }
    }

    @Override
    public void fail(LocalOriginFailure failure) {
      if (compareAndSet(false, true)) {
        long now = finish();
        if (host != null && outlier != null) {
          outlier.sweepIfDue(now);
          outlier.onLocalFailure(host, failure, now);
        }
      }
    }

    @Override
    public void cancel() {
      if (compareAndSet(false, true) && counted) {
        host.state.active.decrementAndGet();
      }
    }

    private long finish() {
      long now = ticker.nanos();
      elapsed = Math.max(0, now - started);
      if (counted) {
        host.state.active.decrementAndGet();
      }
      return now;
    }
  }

  /** The request's own destination, for clusters without endpoints of their own. */
  record PassthroughEndpoint(String address, int port) implements UpstreamEndpoint {}


  /** An admitted request's slots; it is its own closed flag. */
  private static final class Admitted extends AtomicBoolean implements Admission {
    private final ClusterState state;
    /** Whether it holds a connection slot, and whether {@link ClusterState#requests} counted it striped. */
    private final boolean slot;
    private final boolean striped;

    Admitted(ClusterState state, boolean slot, boolean striped) {
      this.state = state;
      this.slot = slot;
      this.striped = striped;
    }

    @Override
    public boolean admitted() {
      return true;
    }

    @Override
    public boolean timedOut() {
      return false;
    }

    @Override
    public void close() {
      if (compareAndSet(false, true)) {
        state.requests.release(striped);
        if (slot) {
          state.connections.release();
        }
      }
    }
  }

  private enum Rejection implements Admission {
    OVERFLOW(false),
    TIMED_OUT(true);

    private final boolean timedOut;

    Rejection(boolean timedOut) {
      this.timedOut = timedOut;
    }

    @Override
    public boolean admitted() {
      return false;
    }

    @Override
    public boolean timedOut() {
      return timedOut;
    }

    @Override
    public void close() {}
  }
}

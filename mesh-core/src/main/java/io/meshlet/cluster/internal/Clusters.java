package io.meshlet.cluster.internal;

import io.meshlet.Workload;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.cluster.ClusterPolicy;
import io.meshlet.cluster.WorkloadCertificates;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.model.ClientTlsSettings;
import io.meshlet.config.model.ConnectionPoolSettings;
import io.meshlet.config.model.LoadBalancerSettings;
import io.meshlet.config.model.LoadBalancerSettings.ConsistentHashLB;
import io.meshlet.config.model.OutlierDetection;
import io.meshlet.config.model.ServiceEntry;
import io.meshlet.config.model.Subset;
import io.meshlet.config.model.TrafficPolicy;
import io.meshlet.config.model.WarmupConfiguration;
import io.meshlet.registry.Endpoint;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.ServiceRegistry;
import io.meshlet.internal.Interner;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every upstream cluster of one configuration snapshot: for each service port visible to this
 * workload, the whole-service cluster and one per subset of its DestinationRule, with the effective
 * policy compiled (load balancer, circuit breakers, outlier detection, TLS). Immutable; per-endpoint
 * state comes from, and is kept in, the long-lived {@link EndpointStates}.
 *
 * <p>A cluster's hosts, load balancer and state are made when a request first asks for it: a mesh
 * of 10,000 services has 40,000 clusters, of which a client talks to a few. Clusters that already
 * have state (traffic went to them under an earlier snapshot) and clusters with slow start (whose
 * hosts age from when they appear) are made at compile time, as every cluster once was; for the
 * others nothing observable depends on when they are made (see {@link Slot}).
 *
 * <p>A cluster that does not exist ({@link #cluster} returns null) is answered 503 {@code NC}: an
 * unknown host or port, or a subset no visible DestinationRule defines.
 */
public final class Clusters {
  /** The name of the cluster for destinations outside the registry (Envoy's). */
  public static final ClusterKey PASSTHROUGH = new ClusterKey("PassthroughCluster", "", 0);

  private static final LoadBalancerSettings DEFAULT_LB = new LoadBalancerSettings(null, null, null, null, null, null,
      null);
  private static final ClusterPolicy.ConnectionPool DEFAULT_POOL = newConnectionPool(null);
  private static final VarHandle BUILT;

  static {
    try {
      BUILT = MethodHandles.lookup().findVarHandle(Slot.class, "built", ClusterImpl.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Map<ClusterKey, Slot> clusters;
  private final ClusterImpl passthrough;
  private final Workload workload;
  private final EndpointStates states;

  private Clusters(Map<ClusterKey, Slot> clusters, ClusterImpl passthrough, Workload workload,
      EndpointStates states) {
    this.clusters = clusters;
    this.passthrough = passthrough;
    this.workload = workload;
    this.states = states;
  }

  /** Compiles without workload certificates: {@code ISTIO_MUTUAL} clusters are left out with a warning. */
  public static Clusters compile(MeshConfig config, ServiceRegistry registry, Workload workload,
      EndpointStates states, Consumer<Diagnostic> warnings) {
    return compile(config, registry, workload, states, null, warnings, new Interner());
  }

  /**
   * Compiles the clusters of {@code registry} for {@code workload}, and drops the state of endpoints
   * and clusters that no longer exist.
   *
   * @param certificates this workload's mesh identity for {@code ISTIO_MUTUAL}; may be null
   * @param warnings receives a warning for each setting that has no effect in-process, and for each
   *     cluster left out because its TLS settings could not be loaded
   * @param interner shares cluster keys and policies with the rest of this compile
   */
  public static Clusters compile(MeshConfig config, ServiceRegistry registry, Workload workload,
      EndpointStates states, WorkloadCertificates certificates, Consumer<Diagnostic> warnings, Interner interner) {
    Compiler c = new Compiler(config, workload, states, certificates, warnings, interner);
    for (Service service : registry.services()) {
      c.service(service, registry.endpoints(service.hostname()));
    }
    ClusterImpl passthrough = new ClusterImpl(PASSTHROUGH, null, defaultPolicy(), new HostImpl[0],
        states.cluster(PASSTHROUGH, c.now), states.ticker(), null);
    Clusters out = new Clusters(c.clusters, passthrough, workload, states);
    // Made now, with their state: clusters that have state already, so that a recompile applies the
    // new policy to requests in flight and drops the state of endpoints that left, as before.
    Set<HostKey> liveHosts = new HashSet<>();
    Set<ClusterKey> built = new HashSet<>();
    for (Slot slot : c.clusters.values()) {
      if (slot.warmup || states.hasState(slot.key)) {
        ClusterImpl cluster = slot.build(workload, states, c.now);
        slot.built = cluster;
        for (HostImpl h : cluster.hosts()) {
          liveHosts.add(h.state.key);
        }
        built.add(slot.key);
      }
    }
    states.retain(key -> key.equals(PASSTHROUGH) || c.clusters.containsKey(key),
        host -> c.clusters.containsKey(host.cluster()) && (!built.contains(host.cluster()) || liveHosts.contains(host)));
    states.compiled(out);
    return out;
  }

  /** The cluster with this key, or null when it does not exist (503 NC). */
  public Cluster cluster(ClusterKey key) {
    Slot slot = clusters.get(key);
    return slot == null ? null : get(slot);
  }

  /** The cluster for destinations outside the registry: the request's own host and port. */
  public Cluster passthrough() {
    return passthrough;
  }

  /** When the cluster with this key first appeared in a snapshot, continuously since; null if it is not in this one. */
  Long born(ClusterKey key) {
    Slot slot = clusters.get(key);
    return slot == null ? null : slot.born;
  }

  private ClusterImpl get(Slot slot) {
    ClusterImpl c = slot.built;
    if (c != null) {
      return c;
    }
    // Two requests may make it at once: both get the same state from EndpointStates, configuring it
    // is idempotent, and the first to publish wins.
    c = slot.build(workload, states, slot.born);
    return BUILT.compareAndSet(slot, null, c) ? c : slot.built;
  }

  /**
   * One cluster as compiled: everything but its hosts, load balancer and state, which {@link #build}
   * makes on first use. State made then starts as state made at compile time would have been: the
   * outlier sweep grid starts when the cluster first appeared ({@link #born}); hosts are as old as the
   * cluster, which only slow start could tell, and clusters with slow start are made at compile time.
   */
  private static final class Slot {
    final ClusterKey key;
    final Service service;
    final ServicePort port;
    final List<Endpoint> endpoints;
    /** The subset's labels; null for the whole service. */
    final Map<String, String> subsetLabels;
    final ClusterPolicy policy;
    final boolean passthrough;
    final boolean warmup;
    final int maglevTableSize;
    final long born;
    volatile ClusterImpl built;

    Slot(ClusterKey key, Service service, ServicePort port, List<Endpoint> endpoints, Map<String, String> subsetLabels,
        ClusterPolicy policy, boolean passthrough, int maglevTableSize, long born) {
      this.key = key;
      this.service = service;
      this.port = port;
      this.endpoints = endpoints;
      this.subsetLabels = subsetLabels;
      this.policy = policy;
      this.passthrough = passthrough;
      WarmupConfiguration w = policy.loadBalancer().warmup();
      this.warmup = !passthrough && w != null && w.duration() != null && !w.duration().isZero();
      this.maglevTableSize = maglevTableSize;
      this.born = born;
    }

    /** @param hostsCreatedAt when hosts without state yet appeared, for slow start */
    ClusterImpl build(Workload workload, EndpointStates states, long hostsCreatedAt) {
      LoadBalancerSettings lbs = policy.loadBalancer();
      OutlierDetection outlier = policy.outlierDetection();
      ClusterState state = states.cluster(key, born);
      List<HostImpl> hosts = new ArrayList<>();
      LoadBalancer lb = null;
      if (!passthrough) {
        Set<String> seen = new HashSet<>();
        for (Endpoint ep : endpoints) {
          if (subsetLabels != null && !ep.labels().entrySet().containsAll(subsetLabels.entrySet())) {
            continue;
          }
          int targetPort = ep.isUnixSocket() ? 0 : ep.targetPort(port);
          if (seen.add(ep.address() + "|" + targetPort)) {
            hosts.add(new HostImpl(ep, states.host(key, ep.address(), targetPort, hostsCreatedAt)));
          }
        }
        LocalityAssignment.Result placed =
            LocalityAssignment.apply(hosts, lbs.localityLbSetting(), outlier != null, workload);
        hosts = placed.hosts();
        lb = loadBalancer(lbs, placed.localityWeights(), outlier, maglevTableSize, states);
      }
      return new ClusterImpl(key, service, policy, hosts.toArray(new HostImpl[0]), state, states.ticker(), lb);
    }
  }

  private static ClusterPolicy defaultPolicy() {
    return new ClusterPolicy(DEFAULT_LB, DEFAULT_POOL, null, null, null);
  }

  static ClusterPolicy.ConnectionPool connectionPool(ConnectionPoolSettings cp) {
    return cp == null ? DEFAULT_POOL : newConnectionPool(cp);
  }

  private static ClusterPolicy.ConnectionPool newConnectionPool(ConnectionPoolSettings cp) {
    ConnectionPoolSettings.TcpSettings tcp = cp == null ? null : cp.tcp();
    ConnectionPoolSettings.HttpSettings http = cp == null ? null : cp.http();
    long unlimited = ConnectionPoolSettings.UNLIMITED;
    Duration idle = http != null && http.idleTimeout() != null ? http.idleTimeout()
        : tcp != null && tcp.idleTimeout() != null ? tcp.idleTimeout() : Duration.ofHours(1);
    return new ClusterPolicy.ConnectionPool(
        tcp == null ? unlimited : tcp.maxConnectionsOrDefault(),
        http == null ? unlimited : http.http1MaxPendingRequestsOrDefault(),
        http == null ? unlimited : http.http2MaxRequestsOrDefault(),
        http == null ? unlimited : http.maxRetriesOrDefault(),
        tcp == null ? Duration.ofSeconds(10) : tcp.connectTimeoutOrDefault(),
        idle,
        http == null ? 0 : http.maxRequestsPerConnectionOrDefault(),
        tcp == null ? null : tcp.maxConnectionDuration(),
        tcp == null ? null : tcp.tcpKeepalive(),
        http == null ? ConnectionPoolSettings.HttpSettings.H2UpgradePolicy.DEFAULT : http.h2UpgradePolicyOrDefault());
  }

  private static LoadBalancer loadBalancer(LoadBalancerSettings lbs, Map<String, Integer> localityWeights,
      OutlierDetection outlier, int maglevTableSize, EndpointStates states) {
    // Istio: minHealthPercent replaces Envoy's 50% panic threshold when outlier detection is set.
    int panic = outlier != null ? outlier.minHealthPercentOrDefault() : 50;
    LoadBalancer.Algorithm algorithm;
    HashPolicy hash = null;
    long ringSize = 1024;
    ConsistentHashLB ch = lbs.consistentHash();
    if (ch != null) {
      hash = HashPolicy.of(ch);
      if (ch.maglev() != null) {
        algorithm = LoadBalancer.Algorithm.MAGLEV;
      } else {
        algorithm = LoadBalancer.Algorithm.RING_HASH;
        ringSize = ch.ringHash() == null ? 1024 : ch.ringHash().minimumRingSizeOrDefault();
      }
    } else {
      algorithm = switch (lbs.simpleOrDefault()) {
        case ROUND_ROBIN -> LoadBalancer.Algorithm.ROUND_ROBIN;
        case RANDOM -> LoadBalancer.Algorithm.RANDOM;
        default -> LoadBalancer.Algorithm.LEAST_REQUEST;
      };
    }
    WarmupConfiguration warmup = lbs.warmup();
    long warmupNanos = warmup == null || warmup.duration() == null ? 0 : warmup.duration().toNanos();
    return new LoadBalancer(algorithm, hash, ringSize, maglevTableSize, warmupNanos,
        warmup == null ? 10 : warmup.minimumPercentOrDefault(), warmup == null ? 1 : warmup.aggressionOrDefault(),
        localityWeights, panic, states.ticker());
  }

  /** The state of one compile. */
  private static final class Compiler {
    static final int DEFAULT_MAGLEV_TABLE_SIZE = 65537;

    final Workload workload;
    final EndpointStates states;
    final WorkloadCertificates certificates;
    final PolicyWarnings warnings;
    final DestinationRuleIndex rules;
    final Interner interner;
    final Clusters previous;
    final long now;
    final Map<ClusterKey, Slot> clusters = new HashMap<>();

    Compiler(MeshConfig config, Workload workload, EndpointStates states, WorkloadCertificates certificates,
        Consumer<Diagnostic> warnings, Interner interner) {
      this.workload = workload;
      this.states = states;
      this.certificates = certificates;
      this.warnings = new PolicyWarnings(warnings);
      this.rules = new DestinationRuleIndex(config.destinationRules());
      this.interner = interner;
      this.previous = states.lastCompiled();
      this.now = states.ticker().nanos();
    }

    void service(Service service, List<Endpoint> endpoints) {
      DestinationRuleIndex.Merged rule = rules.lookup(service.hostname(), service.namespace(), workload);
      for (ServicePort port : service.ports()) {
        cluster(service, port, endpoints, rule, null);
        if (rule != null) {
          for (Subset subset : rule.subsets) {
            cluster(service, port, endpoints, rule, subset);
          }
        }
      }
    }

    private void cluster(Service service, ServicePort port, List<Endpoint> endpoints,
        DestinationRuleIndex.Merged rule, Subset subset) {
      ClusterKey key = interner.intern(new ClusterKey(interner.intern(service.hostname()),
          subset == null ? "" : subset.name(), port.number()));
      TrafficPolicy policy = rule == null ? null
          : PolicyLayering.effective(rule.trafficPolicy, subset == null ? null : subset.trafficPolicy(), port.number());
      if (rule != null) {
        warnings.check(policy, rule.origin());
      }
      LoadBalancerSettings lbs = policy == null || policy.loadBalancer() == null ? DEFAULT_LB : policy.loadBalancer();
      OutlierDetection outlier = policy == null ? null : policy.outlierDetection();
      ClientTlsSettings tlsSettings = policy == null ? null : policy.tls();
      ClusterPolicy.Tls tls = null;
      if (tlsSettings != null) {
        List<Endpoint> selected = new ArrayList<>();
        for (Endpoint ep : endpoints) {
          if (subset == null || ep.labels().entrySet().containsAll(subset.labels().entrySet())) {
            selected.add(ep);
          }
        }
        List<String> sans = tlsSettings.subjectAltNames().isEmpty() ? service.subjectAltNames()
            : tlsSettings.subjectAltNames();
        try {
          tls = UpstreamTls.compile(tlsSettings, sans, identities(service, selected), certificates);
        } catch (UpstreamTls.TlsException e) {
          warnings.clusterLeftOut(key, rule.origin(), e.getMessage());
          return;
        }
      }
      // Equal policies are one object: a generated mesh has thousands of identical DestinationRules.
      ClusterPolicy compiled = interner.intern(new ClusterPolicy(lbs,
          interner.intern(connectionPool(policy == null ? null : policy.connectionPool())), outlier, tls,
          policy == null ? null : policy.retryBudget()));
      boolean passthrough = service.resolution() == ServiceEntry.Resolution.NONE
          || service.resolution() == ServiceEntry.Resolution.DYNAMIC_DNS
          || lbs.consistentHash() == null && lbs.simple() == LoadBalancerSettings.SimpleLB.PASSTHROUGH;
      Long born = previous == null ? null : previous.born(key);
      clusters.put(key, new Slot(key, service, port, endpoints, subset == null ? null : subset.labels(), compiled,
          passthrough, passthrough ? DEFAULT_MAGLEV_TABLE_SIZE : maglevTableSize(lbs, rule),
          born == null ? now : born));
    }

    /** The Maglev table size, checked here so that its warning comes with the compile. */
    private int maglevTableSize(LoadBalancerSettings lbs, DestinationRuleIndex.Merged rule) {
      ConsistentHashLB ch = lbs.consistentHash();
      if (ch == null || ch.maglev() == null) {
        return DEFAULT_MAGLEV_TABLE_SIZE;
      }
      long size = ch.maglev().tableSizeOrDefault();
      if (size < 5_000_011 && isPrime(size)) {
        return (int) size;
      }
      warnings.warn(rule.origin(), "trafficPolicy.loadBalancer.consistentHash.maglev.tableSize",
          "must be a prime below 5000011, got " + size + "; using " + DEFAULT_MAGLEV_TABLE_SIZE);
      return DEFAULT_MAGLEV_TABLE_SIZE;
    }

    /** SPIFFE identities of the endpoints' service accounts, which ISTIO_MUTUAL servers present. */
    private List<String> identities(Service service, List<Endpoint> endpoints) {
      String trustDomain = certificates == null ? "cluster.local" : certificates.trustDomain();
      Set<String> out = new LinkedHashSet<>();
      for (Endpoint ep : endpoints) {
        String sa = ep.serviceAccount();
        if (!sa.isEmpty()) {
          out.add(sa.startsWith("spiffe://") ? sa
              : "spiffe://" + trustDomain + "/ns/" + service.namespace() + "/sa/" + sa);
        }
      }
      return List.copyOf(out);
    }

    private static boolean isPrime(long n) {
      if (n < 2) {
        return false;
      }
      for (long d = 2; d * d <= n; d++) {
        if (n % d == 0) {
          return false;
        }
      }
      return true;
    }
  }
}

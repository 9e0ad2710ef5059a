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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * <p>A cluster that does not exist ({@link #cluster} returns null) is answered 503 {@code NC}: an
 * unknown host or port, or a subset no visible DestinationRule defines.
 */
public final class Clusters {
  /** The name of the cluster for destinations outside the registry (Envoy's). */
  public static final ClusterKey PASSTHROUGH = new ClusterKey("PassthroughCluster", "", 0);

  private static final LoadBalancerSettings DEFAULT_LB = new LoadBalancerSettings(null, null, null, null, null, null,
      null);

  private final Map<ClusterKey, ClusterImpl> clusters;
  private final ClusterImpl passthrough;

  private Clusters(Map<ClusterKey, ClusterImpl> clusters, ClusterImpl passthrough) {
    this.clusters = Collections.unmodifiableMap(clusters);
    this.passthrough = passthrough;
  }

  /** Compiles without workload certificates: {@code ISTIO_MUTUAL} clusters are left out with a warning. */
  public static Clusters compile(MeshConfig config, ServiceRegistry registry, Workload workload,
      EndpointStates states, Consumer<Diagnostic> warnings) {
    return compile(config, registry, workload, states, null, warnings);
  }

  /**
   * Compiles the clusters of {@code registry} for {@code workload}, and drops the state of endpoints
   * and clusters that no longer exist.
   *
   * @param certificates this workload's mesh identity for {@code ISTIO_MUTUAL}; may be null
   * @param warnings receives a warning for each setting that has no effect in-process, and for each
   *     cluster left out because its TLS settings could not be loaded
   */
  public static Clusters compile(MeshConfig config, ServiceRegistry registry, Workload workload,
      EndpointStates states, WorkloadCertificates certificates, Consumer<Diagnostic> warnings) {
    Compiler c = new Compiler(config, workload, states, certificates, warnings);
    for (Service service : registry.services()) {
      c.service(service, registry.endpoints(service.hostname()));
    }
    ClusterImpl passthrough = new ClusterImpl(PASSTHROUGH, null, defaultPolicy(), new HostImpl[0],
        states.cluster(PASSTHROUGH), states.ticker(), null);
    c.liveClusters.add(PASSTHROUGH);
    states.retain(c.liveClusters, c.liveHosts);
    return new Clusters(c.clusters, passthrough);
  }

  /** The cluster with this key, or null when it does not exist (503 NC). */
  public Cluster cluster(ClusterKey key) {
    return clusters.get(key);
  }

  /** The cluster for destinations outside the registry: the request's own host and port. */
  public Cluster passthrough() {
    return passthrough;
  }

  /** Every cluster except the passthrough one, by service and port. */
  public Collection<Cluster> clusters() {
    return Collections.unmodifiableCollection(clusters.values());
  }

  private static ClusterPolicy defaultPolicy() {
    return new ClusterPolicy(DEFAULT_LB, connectionPool(null), null, null, null);
  }

  static ClusterPolicy.ConnectionPool connectionPool(ConnectionPoolSettings cp) {
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

  /** The state of one compile. */
  private static final class Compiler {
    final Workload workload;
    final EndpointStates states;
    final WorkloadCertificates certificates;
    final PolicyWarnings warnings;
    final DestinationRuleIndex rules;
    final Map<ClusterKey, ClusterImpl> clusters = new LinkedHashMap<>();
    final Set<ClusterKey> liveClusters = new HashSet<>();
    final Set<HostKey> liveHosts = new HashSet<>();

    Compiler(MeshConfig config, Workload workload, EndpointStates states, WorkloadCertificates certificates,
        Consumer<Diagnostic> warnings) {
      this.workload = workload;
      this.states = states;
      this.certificates = certificates;
      this.warnings = new PolicyWarnings(warnings);
      this.rules = new DestinationRuleIndex(config.destinationRules());
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
      ClusterKey key = new ClusterKey(service.hostname(), subset == null ? "" : subset.name(), port.number());
      TrafficPolicy policy = rule == null ? null
          : PolicyLayering.effective(rule.trafficPolicy, subset == null ? null : subset.trafficPolicy(), port.number());
      if (rule != null) {
        warnings.check(policy, rule.origin());
      }
      LoadBalancerSettings lbs = policy == null || policy.loadBalancer() == null ? DEFAULT_LB : policy.loadBalancer();
      OutlierDetection outlier = policy == null ? null : policy.outlierDetection();
      ClientTlsSettings tlsSettings = policy == null ? null : policy.tls();
      List<Endpoint> selected = new ArrayList<>();
      for (Endpoint ep : endpoints) {
        if (subset == null || ep.labels().entrySet().containsAll(subset.labels().entrySet())) {
          selected.add(ep);
        }
      }
      ClusterPolicy.Tls tls = null;
      if (tlsSettings != null) {
        List<String> sans = tlsSettings.subjectAltNames().isEmpty() ? service.subjectAltNames()
            : tlsSettings.subjectAltNames();
        try {
          tls = UpstreamTls.compile(tlsSettings, sans, identities(service, selected), certificates);
        } catch (UpstreamTls.TlsException e) {
          warnings.clusterLeftOut(key, rule.origin(), e.getMessage());
          return;
        }
      }
      ClusterPolicy compiled = new ClusterPolicy(lbs, connectionPool(policy == null ? null : policy.connectionPool()),
          outlier, tls, policy == null ? null : policy.retryBudget());
      boolean passthrough = service.resolution() == ServiceEntry.Resolution.NONE
          || service.resolution() == ServiceEntry.Resolution.DYNAMIC_DNS
          || lbs.consistentHash() == null && lbs.simple() == LoadBalancerSettings.SimpleLB.PASSTHROUGH;
      List<HostImpl> hosts = new ArrayList<>();
      LoadBalancer lb = null;
      if (!passthrough) {
        Set<String> seen = new LinkedHashSet<>();
        for (Endpoint ep : selected) {
          int targetPort = ep.isUnixSocket() ? 0 : ep.targetPort(port);
          if (seen.add(ep.address() + "|" + targetPort)) {
            HostState state = states.host(key, ep.address(), targetPort);
            liveHosts.add(state.key);
            hosts.add(new HostImpl(ep, state));
          }
        }
        LocalityAssignment.Result placed =
            LocalityAssignment.apply(hosts, lbs.localityLbSetting(), outlier != null, workload);
        hosts = placed.hosts();
        lb = loadBalancer(lbs, placed.localityWeights(), outlier, rule);
      }
      liveClusters.add(key);
      clusters.put(key, new ClusterImpl(key, service, compiled, hosts.toArray(new HostImpl[0]),
          states.cluster(key), states.ticker(), lb));
    }

    private LoadBalancer loadBalancer(LoadBalancerSettings lbs, Map<String, Integer> localityWeights,
        OutlierDetection outlier, DestinationRuleIndex.Merged rule) {
      // Istio: minHealthPercent replaces Envoy's 50% panic threshold when outlier detection is set.
      int panic = outlier != null ? outlier.minHealthPercentOrDefault() : 50;
      LoadBalancer.Algorithm algorithm;
      HashPolicy hash = null;
      long ringSize = 1024;
      int tableSize = 65537;
      ConsistentHashLB ch = lbs.consistentHash();
      if (ch != null) {
        hash = HashPolicy.of(ch);
        if (ch.maglev() != null) {
          algorithm = LoadBalancer.Algorithm.MAGLEV;
          long size = ch.maglev().tableSizeOrDefault();
          if (size < 5_000_011 && isPrime(size)) {
            tableSize = (int) size;
          } else {
            warnings.warn(rule.origin(), "trafficPolicy.loadBalancer.consistentHash.maglev.tableSize",
                "must be a prime below 5000011, got " + size + "; using 65537");
          }
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
      return new LoadBalancer(algorithm, hash, ringSize, tableSize, warmupNanos,
          warmup == null ? 10 : warmup.minimumPercentOrDefault(), warmup == null ? 1 : warmup.aggressionOrDefault(),
          localityWeights, panic, states.ticker());
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

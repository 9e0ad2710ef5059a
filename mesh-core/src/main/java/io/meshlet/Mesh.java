package io.meshlet;

import io.meshlet.cluster.WorkloadCertificates;
import io.meshlet.cluster.internal.Clusters;
import io.meshlet.cluster.internal.EndpointStates;
import io.meshlet.config.ConfigException;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import io.meshlet.internal.Interner;
import io.meshlet.internal.MeshSnapshot;
import io.meshlet.registry.DnsResolver;
import io.meshlet.registry.Endpoint;
import io.meshlet.registry.EndpointSource;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServiceRegistry;
import io.meshlet.registry.internal.RegistryManager;
import io.meshlet.resilience.Invoker;
import io.meshlet.resilience.internal.Mirroring;
import io.meshlet.route.Explanation;
import io.meshlet.route.RouteDecision;
import io.meshlet.route.internal.RouteTable;
import io.meshlet.telemetry.RequestRecord;
import io.meshlet.telemetry.internal.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process service mesh: Istio configuration compiled for this JVM, and the routing,
 * load balancing, resilience and telemetry that apply it to outbound calls.
 *
 * <pre>{@code
 * Mesh mesh = Mesh.builder()
 *     .workload("productpage", "default", Map.of("app", "productpage", "version", "v1"))
 *     .config(Path.of("mesh/"))
 *     .meterRegistry(registry)
 *     .build();                                   // ConfigException lists every error
 * RouteDecision d = mesh.route(MeshRequest.of("GET", "http://reviews:9080/reviews/1"));
 * }</pre>
 *
 * <p>Configuration is compiled into an immutable snapshot; requests read it without locks. A new
 * configuration ({@link #reload()}, {@link #update(MeshConfig)}) or a change of endpoints (DNS,
 * {@link EndpointSource}s) compiles a new snapshot off the request path and swaps it whole; an
 * invalid configuration never replaces a good one. Adapters (the OkHttp interceptor, the servlet
 * filter) send calls through {@link #invoker()}. Close the mesh to stop its threads.
 */
public final class Mesh implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Mesh.class);

  private final Workload workload;
  private final RandomSource random;
  private final List<ConfigSource> sources;
  private final ConfigLoader loader;
  private final WorkloadCertificates certificates;
  private final ScheduledExecutorService scheduler;
  private final EndpointStates states;
  private final Mirroring mirroring;
  private final RegistryManager registry;
  private final Invoker invoker;
  private final Object compileLock = new Object();
  private volatile MeshSnapshot snapshot;
  private volatile List<Diagnostic> compileWarnings = List.of();
  private long version;

  private Mesh(Builder b, MeshConfig config) {
    this.workload = b.workload;
    this.random = b.random;
    this.sources = List.copyOf(b.sources);
    this.loader = new ConfigLoader().defaultNamespace(b.workload.namespace());
    this.certificates = b.certificates;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "meshlet-scheduler");
      t.setDaemon(true);
      return t;
    });
    this.states = new EndpointStates(b.ticker, b.meterRegistry);
    this.mirroring = new Mirroring(b.mirrorThreads, b.mirrorQueue, b.meterRegistry);
    RegistryManager manager = null;
    try {
      manager = new RegistryManager(b.services, b.endpointSources, scheduler, b.ticker, this::endpointsChanged,
          b.dnsResolver, b.dnsRefresh);
      this.registry = manager;
      this.snapshot = compile(config);
    } catch (RuntimeException e) {
      if (manager != null) {
        manager.close();
      }
      scheduler.shutdownNow();
      mirroring.close();
      states.close();
      throw e;
    }
    this.invoker = new Invoker(() -> snapshot, random, b.ticker,
        new Telemetry(b.meterRegistry, workload, b.accessLog, b.listeners), mirroring);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Decides what Istio's sidecar would do with {@code request}, without sending anything. */
  public RouteDecision route(MeshRequest request) {
    return snapshot.routes().route(request, random);
  }

  /** The same decision as {@link #route}, with the reasons: printable as text and JSON. */
  public Explanation explain(MeshRequest request) {
    return snapshot.routes().explain(request, random);
  }

  /** Sends calls through the mesh; used by adapters. */
  public Invoker invoker() {
    return invoker;
  }

  /** This JVM's identity in the mesh. */
  public Workload workload() {
    return workload;
  }

  /** The configuration in effect. */
  public MeshConfig config() {
    return snapshot.config();
  }

  /** The services and endpoints in effect. */
  public ServiceRegistry registry() {
    return snapshot.registry();
  }

  /** Warnings and notes of the configuration in effect: from loading it and from compiling it. */
  public List<Diagnostic> diagnostics() {
    List<Diagnostic> all = new ArrayList<>(snapshot.config().diagnostics());
    all.addAll(compileWarnings);
    return all;
  }

  /**
   * Re-reads the configuration sources given to the builder and swaps in the result.
   *
   * @throws ConfigException when the new configuration has errors; the current one stays in effect
   */
  public void reload() {
    update(loader.load(sources));
  }

  /**
   * Swaps in {@code config} (for configuration from elsewhere, such as a Kubernetes watch).
   *
   * @throws ConfigException when {@code config} has errors; the current one stays in effect
   */
  public void update(MeshConfig config) {
    if (config.hasErrors()) {
      throw new ConfigException(config.diagnostics());
    }
    synchronized (compileLock) {
      snapshot = compile(config);
    }
  }

  /** Stops the mesh's threads (DNS refresh, mirrors) and endpoint sources. */
  @Override
  public void close() {
    registry.close();
    scheduler.shutdownNow();
    mirroring.close();
    states.close();
  }

  private void endpointsChanged() {
    MeshSnapshot current = snapshot;
    if (current == null) {
      return; // still building
    }
    synchronized (compileLock) {
      try {
        snapshot = compile(snapshot.config());
      } catch (RuntimeException e) {
        LOG.error("endpoints changed, but the mesh could not be recompiled; keeping the previous snapshot", e);
      }
    }
  }

  private MeshSnapshot compile(MeshConfig config) {
    List<Diagnostic> warnings = new ArrayList<>();
    ServiceRegistry services = registry.registry(config, workload);
    Interner interner = new Interner(); // shares host names and cluster keys between routes and clusters
    RouteTable routes = RouteTable.compile(config, services, workload, warnings::add, interner);
    Clusters clusters = Clusters.compile(config, services, workload, states, certificates, warnings::add, interner);
    if (!warnings.equals(compileWarnings)) {
      warnings.forEach(w -> LOG.warn("{}", w));
    }
    compileWarnings = List.copyOf(warnings);
    return new MeshSnapshot(config, services, routes, clusters, ++version);
  }

  /** Builds a {@link Mesh}. */
  public static final class Builder {
    private Workload workload = Workload.UNKNOWN;
    private final List<ConfigSource> sources = new ArrayList<>();
    private MeshConfig config;
    private MeterRegistry meterRegistry;
    private RandomSource random = RandomSource.threadLocal();
    private Ticker ticker = Ticker.system();
    private final Map<Service, List<Endpoint>> services = new LinkedHashMap<>();
    private final List<EndpointSource> endpointSources = new ArrayList<>();
    private WorkloadCertificates certificates;
    private DnsResolver dnsResolver = DnsResolver.system();
    private Duration dnsRefresh = RegistryManager.DEFAULT_DNS_REFRESH;
    private boolean accessLog;
    private final List<Consumer<RequestRecord>> listeners = new ArrayList<>();
    private int mirrorThreads = 4;
    private int mirrorQueue = 256;

    private Builder() {}

    /** This JVM's workload name, namespace ({@code default} when null) and labels. */
    public Builder workload(String name, String namespace, Map<String, String> labels) {
      return workload(new Workload(name, namespace, labels));
    }

    public Builder workload(Workload workload) {
      this.workload = Objects.requireNonNull(workload, "workload");
      return this;
    }

    /** Istio YAML or JSON files, or directories of them; may be called again to add more. */
    public Builder config(Path... paths) {
      for (Path p : paths) {
        sources.add(ConfigSource.path(p));
      }
      return this;
    }

    /** Configuration sources (files, classpath resources, strings); may be called again. */
    public Builder config(ConfigSource... configSources) {
      sources.addAll(List.of(configSources));
      return this;
    }

    /** Istio YAML given as text, for tests and small programs. */
    public Builder configYaml(String yaml) {
      sources.add(ConfigSource.string("<yaml " + (sources.size() + 1) + ">", yaml));
      return this;
    }

    /** Configuration already loaded (or built in Java); combined with any sources. */
    public Builder config(MeshConfig loaded) {
      this.config = Objects.requireNonNull(loaded, "loaded");
      return this;
    }

    /** Where Istio's standard metrics go ({@code istio_requests_total}, ...). None when unset. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** The randomness of weighted routing, fault and mirror percentages, load balancing and back-off. */
    public Builder random(RandomSource source) {
      this.random = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The clock of outlier detection, slow start, DNS refresh and the upstream service time. */
    public Builder ticker(Ticker clock) {
      this.ticker = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Registers a service and its endpoints in Java, for users without ServiceEntries. */
    public Builder service(Service service, List<Endpoint> endpoints) {
      services.put(Objects.requireNonNull(service, "service"), List.copyOf(endpoints));
      return this;
    }

    /** Registers a service and its endpoints in Java. */
    public Builder service(Service service, Endpoint... endpoints) {
      return service(service, List.of(endpoints));
    }

    /** A platform feeding services and endpoints (Kubernetes, Consul, ...). */
    public Builder endpointSource(EndpointSource source) {
      endpointSources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /** This workload's mesh identity, used for DestinationRules with {@code tls.mode: ISTIO_MUTUAL}. */
    public Builder workloadCertificates(WorkloadCertificates workloadCertificates) {
      this.certificates = workloadCertificates;
      return this;
    }

    /** How host names of DNS-resolved ServiceEntries are resolved, and how often. */
    public Builder dns(DnsResolver resolver, Duration refresh) {
      this.dnsResolver = Objects.requireNonNull(resolver, "resolver");
      this.dnsRefresh = Objects.requireNonNull(refresh, "refresh");
      return this;
    }

    /** Logs one line per request to SLF4J logger {@code io.meshlet.accesslog} in Envoy's format. Off by default. */
    public Builder accessLog(boolean enabled) {
      this.accessLog = enabled;
      return this;
    }

    /** Receives every finished request's record (after metrics and access log). */
    public Builder requestListener(Consumer<RequestRecord> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Bounds of the shared executor that sends mirrored requests: threads, and queued mirrors beyond them. */
    public Builder mirrorExecutor(int threads, int queue) {
      if (threads < 1 || queue < 0) {
        throw new IllegalArgumentException("threads must be >= 1 and queue >= 0");
      }
      this.mirrorThreads = threads;
      this.mirrorQueue = Math.max(1, queue);
      return this;
    }

    /**
     * Loads the configuration and compiles the mesh.
     *
     * @throws ConfigException listing every error of the configuration, with file, line and column
     */
    public Mesh build() {
      MeshConfig loaded = new ConfigLoader().defaultNamespace(workload.namespace()).load(sources);
      if (config != null) {
        loaded = config.plus(loaded);
      }
      return new Mesh(this, loaded);
    }
  }
}

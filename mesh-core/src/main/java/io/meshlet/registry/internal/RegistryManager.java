package io.meshlet.registry.internal;

import io.meshlet.Ticker;
import io.meshlet.Workload;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.Resource;
import io.meshlet.config.model.ServiceEntry;
import io.meshlet.config.model.WorkloadEntry;
import io.meshlet.registry.DnsResolver;
import io.meshlet.registry.Endpoint;
import io.meshlet.registry.EndpointSource;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.ServiceRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds immutable {@link ServiceRegistry} views from every source of services: Java registration,
 * {@link EndpointSource}s (platform services) and the configuration's ServiceEntries and
 * WorkloadEntries. Owns DNS resolution (re-resolved on the shared scheduler) and the external
 * sources; when either changes it calls {@code onChange}, and the owner builds a new registry.
 *
 * <p>Precedence for one host name, as in Istio: a platform service (Java registration first, then
 * sources in order) wins and a ServiceEntry for the same host only adds its {@code subjectAltNames};
 * among ServiceEntries, those in the client's namespace win, then the oldest. Endpoints of every
 * ServiceEntry of that host in the chosen namespace are merged.
 */
public final class RegistryManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RegistryManager.class);

  /** Istio's mesh default {@code dnsRefreshRate}. */
  public static final Duration DEFAULT_DNS_REFRESH = Duration.ofSeconds(60);

  private final Map<String, Map.Entry<Service, List<Endpoint>>> programmatic = new LinkedHashMap<>();
  private final List<SourceState> sources = new ArrayList<>();
  private final Runnable onChange;
  private final DnsCache dns;
  private final ScheduledFuture<?> refreshTask;
  private volatile boolean started;

  /** A manager resolving DNS with the JVM's resolver every {@link #DEFAULT_DNS_REFRESH}. */
  public RegistryManager(Map<Service, List<Endpoint>> programmatic, List<EndpointSource> sources,
      ScheduledExecutorService scheduler, Ticker ticker, Runnable onChange) {
    this(programmatic, sources, scheduler, ticker, onChange, DnsResolver.system(), DEFAULT_DNS_REFRESH);
  }

  /**
   * A manager with its own resolver and refresh interval. Sources are started here; their reports
   * during construction do not call {@code onChange}.
   */
  public RegistryManager(Map<Service, List<Endpoint>> programmatic, List<EndpointSource> sources,
      ScheduledExecutorService scheduler, Ticker ticker, Runnable onChange, DnsResolver resolver,
      Duration dnsRefresh) {
    programmatic.forEach((s, e) -> this.programmatic.put(s.hostname(), Map.entry(s, List.copyOf(e))));
    this.onChange = Objects.requireNonNull(onChange, "onChange");
    this.dns = new DnsCache(resolver, ticker, dnsRefresh);
    for (EndpointSource source : sources) {
      SourceState state = new SourceState(source);
      this.sources.add(state);
      source.start(state);
    }
    long period = dnsRefresh.toNanos();
    this.refreshTask = scheduler.scheduleWithFixedDelay(this::refreshDnsSafely, period, period, TimeUnit.NANOSECONDS);
    this.started = true;
  }

  /** The registry as seen from namespace {@code default}; see {@link #registry(MeshConfig, Workload)}. */
  public ServiceRegistry registry(MeshConfig config) {
    return registry(config, Workload.UNKNOWN);
  }

  /**
   * The services visible to {@code client} ({@code exportTo}) and their endpoints, with the latest
   * DNS answers and source reports. Names resolved for the first time are resolved now.
   */
  public ServiceRegistry registry(MeshConfig config, Workload client) {
    String clientNs = client.namespace();
    Map<String, Service> services = new LinkedHashMap<>();
    Map<String, List<Endpoint>> endpoints = new LinkedHashMap<>();
    Set<String> dnsNames = new HashSet<>();
    for (Map.Entry<Service, List<Endpoint>> e : platformServices()) {
      Service s = e.getKey();
      if (!services.containsKey(s.hostname()) && Visibility.visible(s.exportTo(), s.namespace(), clientNs)) {
        services.put(s.hostname(), s);
        endpoints.put(s.hostname(), resolve(s.resolution(), e.getValue(), dnsNames));
      }
    }
    Map<String, List<Resource<ServiceEntry>>> byHost = new LinkedHashMap<>();
    List<Resource<ServiceEntry>> entries = new ArrayList<>(config.serviceEntries());
    entries.sort(CreationOrder.OLDEST_FIRST);
    for (Resource<ServiceEntry> r : entries) {
      if (Visibility.visible(r.spec().exportTo(), r.namespace(), clientNs)) {
        for (String host : r.spec().hosts()) {
          byHost.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new ArrayList<>()).add(r);
        }
      }
    }
    for (Map.Entry<String, List<Resource<ServiceEntry>>> e : byHost.entrySet()) {
      String host = e.getKey();
      Service platform = services.get(host);
      if (platform != null) {
        services.put(host, withSubjectAltNames(platform, e.getValue()));
        continue;
      }
      String ns = chooseNamespace(e.getValue(), clientNs);
      List<Endpoint> merged = new ArrayList<>();
      Service service = null;
      for (Resource<ServiceEntry> r : e.getValue()) {
        if (r.namespace().equals(ns)) {
          if (service == null) {
            service = toService(host, r);
          }
          merged.addAll(serviceEntryEndpoints(host, r, config, dnsNames));
        }
      }
      services.put(host, service);
      endpoints.put(host, merged);
    }
    dns.retain(dnsNames);
    return new StaticServiceRegistry(services, endpoints);
  }

  /** Re-resolves DNS names whose answer is older than the refresh interval; calls onChange on a change. */
  public void refreshDns() {
    if (dns.refresh()) {
      fireChange();
    }
  }

  @Override
  public void close() {
    started = false;
    refreshTask.cancel(false);
    for (SourceState s : sources) {
      try {
        s.source.close();
      } catch (RuntimeException e) {
        log.warn("closing endpoint source {} failed", s.source, e);
      }
    }
  }

  private void refreshDnsSafely() {
    try {
      refreshDns();
    } catch (RuntimeException e) {
      log.warn("DNS refresh failed", e);
    }
  }

  private void fireChange() {
    if (started) {
      onChange.run();
    }
  }

  private List<Map.Entry<Service, List<Endpoint>>> platformServices() {
    List<Map.Entry<Service, List<Endpoint>>> out = new ArrayList<>(programmatic.values());
    for (SourceState s : sources) {
      out.addAll(s.snapshot());
    }
    return out;
  }

  // Istio: the client's own namespace first, then the namespace of the oldest entry.
  private static String chooseNamespace(List<Resource<ServiceEntry>> candidates, String clientNs) {
    for (Resource<ServiceEntry> r : candidates) {
      if (r.namespace().equals(clientNs)) {
        return clientNs;
      }
    }
    return candidates.get(0).namespace();
  }

  private static Service withSubjectAltNames(Service s, List<Resource<ServiceEntry>> entries) {
    List<String> sans = new ArrayList<>(s.subjectAltNames());
    for (Resource<ServiceEntry> r : entries) {
      for (String san : r.spec().subjectAltNames()) {
        if (!sans.contains(san)) {
          sans.add(san);
        }
      }
    }
    return new Service(s.hostname(), s.namespace(), s.ports(), s.resolution(), s.location(), s.exportTo(), sans);
  }

  private static Service toService(String host, Resource<ServiceEntry> r) {
    ServiceEntry se = r.spec();
    List<ServicePort> ports = new ArrayList<>();
    for (io.meshlet.config.model.ServicePort p : se.ports()) {
      if (p.number() != null && p.number() > 0 && p.number() <= 65535) {
        ports.add(new ServicePort(p.number(), p.name(), p.protocol(), p.targetPort() == null ? 0 : p.targetPort()));
      }
    }
    return new Service(host, r.namespace(), ports, se.resolutionOrDefault(), se.locationOrDefault(), se.exportTo(),
        se.subjectAltNames());
  }

  private List<Endpoint> serviceEntryEndpoints(String host, Resource<ServiceEntry> r, MeshConfig config,
      Set<String> dnsNames) {
    ServiceEntry se = r.spec();
    ServiceEntry.Resolution resolution = se.resolutionOrDefault();
    if (resolution == ServiceEntry.Resolution.NONE || resolution == ServiceEntry.Resolution.DYNAMIC_DNS) {
      return List.of();
    }
    List<Endpoint> base = new ArrayList<>();
    if (se.workloadSelector() != null) {
      for (Resource<WorkloadEntry> we : config.workloadEntries()) {
        if (we.namespace().equals(r.namespace())
            && we.spec().labels().entrySet().containsAll(se.workloadSelector().labels().entrySet())) {
          addWorkload(base, we.spec());
        }
      }
    } else {
      for (WorkloadEntry we : se.endpoints()) {
        addWorkload(base, we);
      }
      // A DNS entry without endpoints resolves its own (non-wildcard) hosts.
      if (base.isEmpty() && resolution != ServiceEntry.Resolution.STATIC && !host.startsWith("*")) {
        base.add(Endpoint.of(host, 0));
      }
    }
    return resolve(resolution, base, dnsNames);
  }

  private static void addWorkload(List<Endpoint> out, WorkloadEntry we) {
    if (we.address() != null && !we.address().isEmpty()) {
      out.add(new Endpoint(we.address(), we.ports(), 0, we.labels(), we.network(), we.locality(),
          we.weightOrDefault(), we.serviceAccount()));
    }
  }

  /**
   * For {@code DNS}, one endpoint per address of each named endpoint (Envoy's STRICT_DNS); for
   * {@code DNS_ROUND_ROBIN}, the first address only (LOGICAL_DNS). Other resolutions keep addresses.
   */
  private List<Endpoint> resolve(ServiceEntry.Resolution resolution, List<Endpoint> base, Set<String> dnsNames) {
    if (resolution != ServiceEntry.Resolution.DNS && resolution != ServiceEntry.Resolution.DNS_ROUND_ROBIN) {
      return base;
    }
    List<Endpoint> out = new ArrayList<>();
    for (Endpoint ep : base) {
      if (ep.isUnixSocket() || DnsCache.isIpLiteral(ep.address())) {
        out.add(ep);
        continue;
      }
      dnsNames.add(ep.address());
      List<String> addresses = dns.addresses(ep.address());
      int n = resolution == ServiceEntry.Resolution.DNS ? addresses.size() : Math.min(1, addresses.size());
      for (int i = 0; i < n; i++) {
        out.add(new Endpoint(addresses.get(i), ep.ports(), ep.port(), ep.labels(), ep.network(), ep.locality(),
            ep.weight(), ep.serviceAccount()));
      }
    }
    return out;
  }

  /** What one source has reported, and its listener. */
  private final class SourceState implements EndpointSource.Listener {
    final EndpointSource source;
    private final Map<String, Map.Entry<Service, List<Endpoint>>> services = new LinkedHashMap<>();

    SourceState(EndpointSource source) {
      this.source = source;
    }

    synchronized List<Map.Entry<Service, List<Endpoint>>> snapshot() {
      return new ArrayList<>(services.values());
    }

    @Override
    public void replaceAll(Map<Service, List<Endpoint>> all) {
      synchronized (this) {
        services.clear();
        all.forEach((s, e) -> services.put(s.hostname(), Map.entry(s, List.copyOf(e))));
      }
      fireChange();
    }

    @Override
    public void update(Service service, List<Endpoint> endpoints) {
      synchronized (this) {
        services.put(service.hostname(), Map.entry(service, List.copyOf(endpoints)));
      }
      fireChange();
    }

    @Override
    public void remove(String hostname) {
      synchronized (this) {
        services.remove(hostname);
      }
      fireChange();
    }
  }
}

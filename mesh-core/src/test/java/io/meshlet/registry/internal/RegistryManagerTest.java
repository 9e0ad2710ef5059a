package io.meshlet.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshlet.Ticker;
import io.meshlet.Workload;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.model.ServiceEntry;
import io.meshlet.registry.DnsResolver;
import io.meshlet.registry.Endpoint;
import io.meshlet.registry.EndpointSource;
import io.meshlet.registry.Service;
import io.meshlet.registry.ServicePort;
import io.meshlet.registry.ServiceRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryManagerTest {
  private static final Workload CLIENT = new Workload("productpage", "default", Map.of());

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker = now::get;
  private final AtomicInteger changes = new AtomicInteger();
  private final Map<String, List<String>> dns = new ConcurrentHashMap<>();
  private final DnsResolver resolver = host -> {
    List<String> ips = dns.get(host);
    if (ips == null) {
      throw new UnknownHostException(host);
    }
    List<InetAddress> out = new ArrayList<>();
    for (String ip : ips) {
      out.add(InetAddress.getByName(ip));
    }
    return out;
  };
  private final List<RegistryManager> managers = new ArrayList<>();

  @AfterEach
  void shutdown() {
    managers.forEach(RegistryManager::close);
    scheduler.shutdownNow();
  }

  private RegistryManager manager(Map<Service, List<Endpoint>> programmatic, List<EndpointSource> sources) {
    RegistryManager m = new RegistryManager(programmatic, sources, scheduler, ticker, changes::incrementAndGet,
        resolver, Duration.ofSeconds(30));
    managers.add(m);
    return m;
  }

  private RegistryManager manager() {
    return manager(Map.of(), List.of());
  }

  private static MeshConfig yaml(String... documents) {
    return new ConfigLoader().load(ConfigSource.string("test.yaml", String.join("\n---\n", documents)));
  }

  private static String serviceEntry(String name, String namespace, String body) {
    return "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: " + name + "\n  namespace: "
        + namespace + "\nspec:\n" + body.stripIndent().indent(2);
  }

  @Test
  void staticServiceEntryGivesOneServicePerHostWithItsEndpoints() {
    ServiceRegistry r = manager().registry(yaml(serviceEntry("vms", "default", """
        hosts: [a.example.com, b.example.com]
        location: MESH_INTERNAL
        resolution: STATIC
        ports:
        - {number: 80, name: http, protocol: HTTP, targetPort: 8080}
        subjectAltNames: [spiffe://cluster.local/ns/default/sa/vm]
        endpoints:
        - address: 10.0.0.1
          labels: {version: v1}
          ports: {http: 9090}
          locality: us-east/zone1
          network: n1
          weight: 3
          serviceAccount: vm
        - address: 10.0.0.2
        """)), CLIENT);
    assertThat(r.services()).extracting(Service::hostname).containsExactly("a.example.com", "b.example.com");
    Service a = r.service("a.example.com");
    assertThat(a.resolution()).isEqualTo(ServiceEntry.Resolution.STATIC);
    assertThat(a.location()).isEqualTo(ServiceEntry.Location.MESH_INTERNAL);
    assertThat(a.subjectAltNames()).containsExactly("spiffe://cluster.local/ns/default/sa/vm");
    ServicePort port = a.port(80);
    List<Endpoint> eps = r.endpoints("b.example.com");
    assertThat(eps).hasSize(2);
    Endpoint first = eps.get(0);
    assertThat(first.labels()).containsEntry("version", "v1");
    assertThat(first.locality()).isEqualTo("us-east/zone1");
    assertThat(first.network()).isEqualTo("n1");
    assertThat(first.weight()).isEqualTo(3);
    assertThat(first.serviceAccount()).isEqualTo("vm");
    // Port precedence: the endpoint's named port, else the service's targetPort.
    assertThat(first.targetPort(port)).isEqualTo(9090);
    assertThat(eps.get(1).targetPort(port)).isEqualTo(8080);
  }

  @Test
  void workloadSelectorPicksWorkloadEntriesOfTheSameNamespaceByLabel() {
    String we = "apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata:\n  name: %s\n  namespace: %s\n"
        + "spec:\n  address: %s\n  labels: {app: %s, version: v1}\n";
    ServiceRegistry r = manager().registry(yaml(
        serviceEntry("vm", "default", """
            hosts: [vm.example.com]
            location: MESH_INTERNAL
            resolution: STATIC
            ports: [{number: 80, name: http}]
            workloadSelector: {labels: {app: vm}}
            """),
        String.format(we, "vm-1", "default", "10.0.0.1", "vm"),
        String.format(we, "vm-2", "default", "10.0.0.2", "vm"),
        String.format(we, "db", "default", "10.0.0.3", "db"),
        String.format(we, "vm-elsewhere", "other", "10.0.0.4", "vm")), CLIENT);
    assertThat(r.endpoints("vm.example.com")).extracting(Endpoint::address).containsExactly("10.0.0.1", "10.0.0.2");
  }

  @Test
  void dnsUsesEveryAddressAndDnsRoundRobinOnlyTheFirst() {
    dns.put("api.example.com", List.of("192.0.2.1", "192.0.2.2"));
    dns.put("backend.internal", List.of("192.0.2.9", "192.0.2.10"));
    ServiceRegistry r = manager().registry(yaml(
        serviceEntry("api", "default", "hosts: [api.example.com]\nresolution: DNS\nports: [{number: 443, name: https}]\n"),
        serviceEntry("rr", "default", "hosts: [rr.example.com]\nresolution: DNS_ROUND_ROBIN\n"
            + "ports: [{number: 80, name: http}]\nendpoints: [{address: backend.internal}]\n")), CLIENT);
    assertThat(r.endpoints("api.example.com")).extracting(Endpoint::address).containsExactly("192.0.2.1", "192.0.2.2");
    assertThat(r.endpoints("rr.example.com")).extracting(Endpoint::address).containsExactly("192.0.2.9");
  }

  @Test
  void dnsIsResolvedAgainAfterTheRefreshIntervalAndAChangeIsReported() {
    dns.put("api.example.com", List.of("192.0.2.1"));
    RegistryManager m = manager();
    MeshConfig config = yaml(serviceEntry("api", "default",
        "hosts: [api.example.com]\nresolution: DNS\nports: [{number: 443, name: https}]\n"));
    assertThat(m.registry(config, CLIENT).endpoints("api.example.com")).extracting(Endpoint::address)
        .containsExactly("192.0.2.1");
    dns.put("api.example.com", List.of("192.0.2.7"));
    now.addAndGet(Duration.ofSeconds(29).toNanos());
    m.refreshDns();
    assertThat(changes).hasValue(0);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    m.refreshDns();
    assertThat(changes).hasValue(1);
    assertThat(m.registry(config, CLIENT).endpoints("api.example.com")).extracting(Endpoint::address)
        .containsExactly("192.0.2.7");
    // A failed resolution keeps the last answer.
    dns.remove("api.example.com");
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    m.refreshDns();
    assertThat(changes).hasValue(1);
    assertThat(m.registry(config, CLIENT).endpoints("api.example.com")).hasSize(1);
  }

  @Test
  void dnsRefreshRunsOnTheScheduler() {
    dns.put("api.example.com", List.of("192.0.2.1"));
    RegistryManager m = new RegistryManager(Map.of(), List.of(), scheduler, Ticker.system(),
        changes::incrementAndGet, resolver, Duration.ofMillis(20));
    managers.add(m);
    m.registry(yaml(serviceEntry("api", "default",
        "hosts: [api.example.com]\nresolution: DNS\nports: [{number: 443, name: https}]\n")), CLIENT);
    dns.put("api.example.com", List.of("192.0.2.2"));
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() == 1);
  }

  @Test
  void resolutionNoneHasNoEndpoints() {
    ServiceRegistry r = manager().registry(yaml(serviceEntry("ext", "default",
        "hosts: [ext.example.com]\nports: [{number: 80, name: http}]\n")), CLIENT);
    assertThat(r.service("ext.example.com").resolution()).isEqualTo(ServiceEntry.Resolution.NONE);
    assertThat(r.service("ext.example.com").location()).isEqualTo(ServiceEntry.Location.MESH_EXTERNAL);
    assertThat(r.endpoints("ext.example.com")).isEmpty();
  }

  @Test
  void sameHostInSeveralNamespacesPrefersTheClientsNamespaceThenTheOldest() {
    String body = "hosts: [db.example.com]\nresolution: STATIC\nports: [{number: 5432, name: tcp}]\n"
        + "endpoints: [{address: %s}]\n";
    String newer = serviceEntry("db", "team-b", String.format(body, "10.0.0.2"))
        .replace("namespace: team-b", "namespace: team-b\n  creationTimestamp: \"2024-02-01T00:00:00Z\"");
    String older = serviceEntry("db", "team-a", String.format(body, "10.0.0.1"))
        .replace("namespace: team-a", "namespace: team-a\n  creationTimestamp: \"2023-02-01T00:00:00Z\"");
    String mine = serviceEntry("db", "default", String.format(body, "10.0.0.3"));
    String mineToo = serviceEntry("db-more", "default", String.format(body, "10.0.0.4"));
    RegistryManager m = manager();
    ServiceRegistry oldest = m.registry(yaml(newer, older), CLIENT);
    assertThat(oldest.service("db.example.com").namespace()).isEqualTo("team-a");
    assertThat(oldest.endpoints("db.example.com")).extracting(Endpoint::address).containsExactly("10.0.0.1");
    ServiceRegistry local = m.registry(yaml(newer, older, mine, mineToo), CLIENT);
    assertThat(local.service("db.example.com").namespace()).isEqualTo("default");
    // Every entry for the host in the chosen namespace contributes endpoints.
    assertThat(local.endpoints("db.example.com")).extracting(Endpoint::address).containsExactly("10.0.0.3", "10.0.0.4");
  }

  @Test
  void exportToHidesServicesFromOtherNamespaces() {
    MeshConfig config = yaml(serviceEntry("private", "other",
        "hosts: [private.example.com]\nexportTo: ['.']\nports: [{number: 80, name: http}]\n"));
    RegistryManager m = manager();
    assertThat(m.registry(config, CLIENT).service("private.example.com")).isNull();
    assertThat(m.registry(config, new Workload("x", "other", Map.of())).service("private.example.com")).isNotNull();
  }

  @Test
  void platformServicesWinAndAServiceEntryOnlyAddsItsSubjectAltNames() {
    String host = "reviews.default.svc.cluster.local";
    Service reviews = Service.of(host, "default", ServicePort.http(9080));
    RegistryManager m = manager(Map.of(reviews, List.of(Endpoint.of("10.1.0.1", 9080))), List.of());
    ServiceRegistry r = m.registry(yaml(serviceEntry("decorate", "default", "hosts: [" + host + "]\n"
        + "resolution: STATIC\nports: [{number: 80, name: http}]\nendpoints: [{address: 10.9.9.9}]\n"
        + "subjectAltNames: [spiffe://cluster.local/ns/default/sa/reviews]\n")), CLIENT);
    assertThat(r.service(host).ports()).extracting(ServicePort::number).containsExactly(9080);
    assertThat(r.service(host).subjectAltNames()).containsExactly("spiffe://cluster.local/ns/default/sa/reviews");
    assertThat(r.endpoints(host)).extracting(Endpoint::address).containsExactly("10.1.0.1");
  }

  @Test
  void endpointSourceReportsReplaceWhatItKnewAndReportAChange() {
    Service ratings = Service.of("ratings.default.svc.cluster.local", "default", ServicePort.http(9080));
    FakeSource source = new FakeSource(Map.of(ratings, List.of(Endpoint.of("10.2.0.1", 9080))));
    RegistryManager m = manager(Map.of(), List.of(source));
    assertThat(changes).as("reports during construction are not changes").hasValue(0);
    assertThat(m.registry(MeshConfig.empty(), CLIENT).endpoints(ratings.hostname())).hasSize(1);
    source.listener.update(ratings, List.of(Endpoint.of("10.2.0.1", 9080), Endpoint.of("10.2.0.2", 9080)));
    assertThat(changes).hasValue(1);
    assertThat(m.registry(MeshConfig.empty(), CLIENT).endpoints(ratings.hostname())).hasSize(2);
    source.listener.remove(ratings.hostname());
    assertThat(changes).hasValue(2);
    assertThat(m.registry(MeshConfig.empty(), CLIENT).service(ratings.hostname())).isNull();
    m.close();
    assertThat(source.closed).isTrue();
  }

  /** A source that reports once on start and then whatever the test tells its listener. */
  private static final class FakeSource implements EndpointSource {
    private final Map<Service, List<Endpoint>> initial;
    Listener listener;
    boolean closed;

    FakeSource(Map<Service, List<Endpoint>> initial) {
      this.initial = initial;
    }

    @Override
    public void start(Listener listener) {
      this.listener = listener;
      listener.replaceAll(initial);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

package io.meshlet.config.internal;

import static io.meshlet.config.internal.MarkedYaml.load;
import static io.meshlet.config.internal.MarkedYaml.markedLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.meshlet.config.MeshConfig;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceEntryValidatorTest {
  private static String se(String spec) {
    return document("ServiceEntry", spec);
  }

  private static String we(String spec) {
    return document("WorkloadEntry", spec);
  }

  private static String document(String kind, String spec) {
    return """
        apiVersion: networking.istio.io/v1
        kind: %s
        metadata:
          name: entry
          namespace: prod
        spec:
        """.formatted(kind) + spec.indent(2);
  }



  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("hosts are required", se("""
            ports: [{number: 80, name: http, protocol: HTTP}]
            """), "spec.hosts", "required"),
        arguments("a bare * host is not allowed", se("""
            hosts:
            - "*"  # <<
            """), "spec.hosts[0]", "hostname cannot be wildcard \"*\""),
        arguments("hosts must be DNS names", se("""
            hosts:
            - api.example.com
            - "api example.com"  # <<
            """), "spec.hosts[1]", "invalid host \"api example.com\""),
        arguments("addresses must be IPs or CIDR blocks", se("""
            hosts: [db.example.com]
            addresses:
            - 10.0.0.300  # <<
            """), "spec.addresses[0]", "invalid IP address \"10.0.0.300\""),
        arguments("CIDR prefix length in range", se("""
            hosts: [db.example.com]
            addresses:
            - 10.0.0.0/33  # <<
            """), "spec.addresses[0]", "invalid CIDR block \"10.0.0.0/33\""),
        arguments("CIDR addresses only with NONE or STATIC", se("""
            hosts: [db.example.com]
            resolution: DNS
            addresses:
            - 10.1.0.0/16  # <<
            """), "spec.addresses[0]", "allowed only with resolution NONE or STATIC, got DNS"),
        arguments("port name is required", se("""
            hosts: [api.example.com]
            ports:
            - number: 80  # <<
            """), "spec.ports[0].name", "required"),
        arguments("port names must be DNS-1123 labels", se("""
            hosts: [api.example.com]
            ports:
            - number: 80
              name: http_api  # <<
            """), "spec.ports[0].name", "invalid port name \"http_api\""),
        arguments("duplicate port names", se("""
            hosts: [api.example.com]
            ports:
            - {number: 80, name: http}
            - number: 8080
              name: http  # <<
            """), "spec.ports[1].name", "duplicate port name \"http\""),
        arguments("duplicate port numbers", se("""
            hosts: [api.example.com]
            ports:
            - {number: 80, name: http}
            - name: web
              number: 80  # <<
            """), "spec.ports[1].number", "duplicate port number 80"),
        arguments("port number in range", se("""
            hosts: [api.example.com]
            ports:
            - name: http
              number: 0  # <<
            """), "spec.ports[0].number", "between 1 and 65535, got 0"),
        arguments("target port in range", se("""
            hosts: [api.example.com]
            resolution: DNS
            ports:
            - name: http
              number: 80
              targetPort: 70000  # <<
            """), "spec.ports[0].targetPort", "between 1 and 65535, got 70000"),
        arguments("known protocols only", se("""
            hosts: [api.example.com]
            ports:
            - name: http
              number: 80
              protocol: SPDY  # <<
            """), "spec.ports[0].protocol", "unsupported protocol \"SPDY\""),
        arguments("several hosts need HTTP or TLS ports", se("""
            hosts: [a.example.com, b.example.com]
            resolution: DNS
            ports:
            - name: tcp
              number: 9000
              protocol: TCP  # <<
            """), "spec.ports[0].protocol", "every port must be HTTP or TLS"),
        arguments("workloadSelector excludes endpoints", se("""
            hosts: [api.example.com]
            resolution: STATIC
            workloadSelector:  # <<
              labels: {app: api}
            endpoints:
            - address: 10.0.0.1
            """), "spec.workloadSelector", "cannot be set together with endpoints"),
        arguments("selector labels cannot use wildcards", se("""
            hosts: [api.example.com]
            resolution: STATIC
            workloadSelector:
              labels:
                app: "api-*"  # <<
            """), "spec.workloadSelector.labels.app", "wildcard is not supported"),
        arguments("NONE resolution cannot have endpoints", se("""
            hosts: [api.example.com]
            endpoints:  # <<
            - address: 10.0.0.1
            """), "spec.endpoints", "must be empty with resolution NONE"),
        arguments("DNS_ROUND_ROBIN takes one endpoint", se("""
            hosts: [api.example.com]
            resolution: DNS_ROUND_ROBIN
            endpoints:  # <<
            - address: a.example.com
            - address: b.example.com
            """), "spec.endpoints", "at most one endpoint, got 2"),
        arguments("DNS without endpoints needs resolvable hosts", se("""
            hosts:
            - "*.example.com"  # <<
            resolution: DNS
            """), "spec.hosts[0]", "must be a DNS name without wildcard"),
        arguments("STATIC endpoints are IPs, not names", se("""
            hosts: [api.example.com]
            resolution: STATIC
            ports: [{number: 80, name: http}]
            endpoints:
            - address: api-1.example.com  # <<
            """), "spec.endpoints[0].address", "must be an IP address or unix:///path with resolution STATIC"),
        arguments("DNS endpoints are IPs or names", se("""
            hosts: [api.example.com]
            resolution: DNS
            endpoints:
            - address: "unix:///var/run/api.sock"  # <<
            """), "spec.endpoints[0].address", "must be an IP address or a DNS name with resolution DNS"),
        arguments("endpoint ports name service ports", se("""
            hosts: [api.example.com]
            resolution: STATIC
            ports: [{number: 80, name: http}]
            endpoints:
            - address: 10.0.0.1
              ports:
                grpc: 9090  # <<
            """), "spec.endpoints[0].ports.grpc", "names no port of the ServiceEntry; its ports are http"),
        arguments("a unix socket endpoint needs exactly one service port", se("""
            hosts: [api.example.com]
            resolution: STATIC
            ports:
            - {number: 80, name: http}
            - {number: 443, name: https}
            endpoints:
            - address: unix:///var/run/api.sock  # <<
            """), "spec.endpoints[0].address", "exactly one service port, the ServiceEntry has 2"),
        arguments("exportTo entries are namespaces", se("""
            hosts: [api.example.com]
            exportTo:
            - Bad_Namespace  # <<
            """), "spec.exportTo[0]", "must be \".\", \"*\", \"~\" or a namespace name"),
        arguments("WorkloadEntry address is required", we("""
            labels: {app: vm}
            """), "spec.address", "required"),
        arguments("WorkloadEntry address is an IP, name or socket", we("""
            address: "10.0.0.1:8080"  # <<
            """), "spec.address", "must be an IP address, a DNS name or unix:///path"),
        arguments("unix sockets are absolute paths", we("""
            address: unix://var/run/app.sock  # <<
            """), "spec.address", "must be an absolute socket path"),
        arguments("unix sockets are files", we("""
            address: unix:///var/run/  # <<
            """), "spec.address", "not a directory"),
        arguments("unix sockets take no ports", we("""
            address: unix://@app
            ports:  # <<
              http: 8080
            """), "spec.ports", "must be empty for a Unix domain socket address"),
        arguments("WorkloadEntry ports in range", we("""
            address: 10.0.0.1
            ports:
              http: 0  # <<
            """), "spec.ports.http", "between 1 and 65535, got 0"),
        arguments("WorkloadEntry port names are DNS-1123 labels", we("""
            address: 10.0.0.1
            ports:
              "http.alt": 8080  # <<
            """), "spec.ports[\"http.alt\"]", "invalid port name \"http.alt\""),
        arguments("WorkloadEntry weight is unsigned", we("""
            address: 10.0.0.1
            weight: -2  # <<
            """), "spec.weight", "must be 0 or more, got -2"),
        arguments("WorkloadEntry labels are Kubernetes labels", we("""
            address: 10.0.0.1
            labels:
              "app/": vm  # <<
            """), "spec.labels[\"app/\"]", "invalid label key \"app/\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedEntry(String description, String yaml, String path, String fragment) {
    MeshConfig config = load(yaml);

    assertThat(config.resources()).isEmpty();
    MarkedYaml.assertErrorAtMark(config, yaml, path, fragment);
  }

  static Stream<Arguments> noEffectInProcess() {
    return Stream.of(
        arguments("""
            hosts: [mongo.example.com]
            ports:
            - name: mongo
              number: 27017
              protocol: MONGO  # <<
            """, "spec.ports[0].protocol", "MONGO traffic to this port bypasses it"),
        arguments("""
            hosts: [db.example.com]
            ports:
            - name: tcp
              number: 5432
              protocol: TCP  # <<
            """, "spec.ports[0].protocol", "Meshlet manages HTTP requests only"),
        arguments("""
            hosts: [api.example.com]
            resolution: DNS
            ports:
            - name: tls
              number: 443
              protocol: TLS  # <<
            """, "spec.ports[0].protocol", "TLS traffic to this port bypasses it"),
        arguments("""
            hosts: [api.example.com]
            addresses:  # <<
            - 240.0.0.1
            ports:
            - {name: http, number: 80, protocol: HTTP}
            """, "spec.addresses", "a virtual IP matters only when the application calls it as the host"));
  }

  @ParameterizedTest
  @MethodSource("noEffectInProcess")
  void warnsAboutFieldsWithoutEffectInProcess(String spec, String path, String fragment) {
    String yaml = se(spec);
    MeshConfig config = load(yaml);

    MarkedYaml.assertSingleWarningAtMark(config, yaml, path, fragment);
    assertThat(config.serviceEntries()).hasSize(1);
  }

  @Test
  void acceptsDocumentedServiceEntries() {
    MeshConfig config = load("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: httpbin-ext
        spec:
          hosts:
          - httpbin.org
          ports:
          - number: 80
            name: http
            protocol: HTTP
          resolution: DNS
          location: MESH_EXTERNAL
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: edition-cnn-com
        spec:
          hosts:
          - edition.cnn.com
          ports:
          - number: 80
            name: http-port
            protocol: HTTP
            targetPort: 443
          - number: 443
            name: https-port
            protocol: HTTPS
          resolution: DNS
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: external-svc-dns
        spec:
          hosts:
          - foo.bar.com
          location: MESH_EXTERNAL
          ports:
          - number: 80
            name: http
            protocol: HTTP
          resolution: DNS
          endpoints:
          - address: us.foo.bar.com
            ports:
              http: 8080
          - address: uk.foo.bar.com
            ports:
              http: 9080
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: unix-domain-socket-example
        spec:
          hosts:
          - example.unix.local
          location: MESH_EXTERNAL
          ports:
          - number: 80
            name: http
            protocol: HTTP
          resolution: STATIC
          endpoints:
          - address: unix:///var/run/example/socket
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: details-svc
        spec:
          hosts:
          - details.bookinfo.com
          location: MESH_INTERNAL
          ports:
          - number: 80
            name: http
            protocol: HTTP
            targetPort: 8080
          resolution: STATIC
          workloadSelector:
            labels:
              app: details-legacy
        """);

    assertThat(config.diagnostics()).isEmpty();
    assertThat(config.serviceEntries()).hasSize(5);
  }

  @Test
  void acceptsDocumentedWorkloadEntries() {
    MeshConfig config = load("""
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata:
          name: details-svc
        spec:
          serviceAccount: details-legacy
          address: 2.2.2.2
          labels:
            app: details-legacy
            instance-id: vm1
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata:
          name: details-svc-v6
        spec:
          address: "2001:db8::1"
          ports:
            http: 8080
          locality: us-east1/us-east1-b
          weight: 3
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata:
          name: details-svc-dns
        spec:
          address: vm1.example.com
        """);

    assertThat(config.diagnostics()).isEmpty();
    assertThat(config.workloadEntries()).hasSize(3);
  }

  @Test
  void warnsThatAnEndpointWithoutAddressGetsNoTraffic() {
    String yaml = we("""
        network: net-2
        """);
    MeshConfig config = load(yaml);

    assertThat(config.errors()).isEmpty();
    assertThat(config.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("spec.address");
      assertThat(d.line()).isEqualTo(markedLine(yaml));
      assertThat(d.message()).contains("Meshlet cannot send traffic to an endpoint without an address");
    });
  }
}

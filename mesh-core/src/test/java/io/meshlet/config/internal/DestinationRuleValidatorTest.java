package io.meshlet.config.internal;

import static io.meshlet.config.internal.MarkedYaml.load;
import static io.meshlet.config.internal.MarkedYaml.markedLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DestinationRuleValidatorTest {
  private static String dr(String spec) {
    return """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: rule
          namespace: prod
        spec:
        """ + spec.indent(2);
  }



  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("host is required", """
            trafficPolicy:
              loadBalancer: {simple: RANDOM}
            """, "spec.host", "required"),
        arguments("host must be a DNS name", """
            host: reviews_v1.prod  # <<
            """, "spec.host", "invalid host \"reviews_v1.prod\""),
        arguments("host cannot be an IP address", """
            host: 10.0.0.1  # <<
            """, "spec.host", "the last label is all digits"),
        arguments("empty traffic policy", """
            host: reviews
            trafficPolicy: {}  # <<
            """, "spec.trafficPolicy", "set at least one of loadBalancer"),
        arguments("subset name is required", """
            host: reviews
            subsets:
            - labels: {version: v1}  # <<
            """, "spec.subsets[0].name", "required"),
        arguments("subset name must be a DNS-1123 label", """
            host: reviews
            subsets:
            - name: v1.beta  # <<
            """, "spec.subsets[0].name", "invalid subset name \"v1.beta\""),
        arguments("duplicate subset names", """
            host: reviews
            subsets:
            - name: v1
            - name: v1  # <<
            """, "spec.subsets[1].name", "duplicate subset name \"v1\""),
        arguments("subset label values must be valid", """
            host: reviews
            subsets:
            - name: v1
              labels:
                version: "v 1"  # <<
            """, "spec.subsets[0].labels.version", "invalid label value \"v 1\""),
        arguments("subset policies are validated too", """
            host: reviews
            subsets:
            - name: v1
              trafficPolicy:
                outlierDetection:
                  maxEjectionPercent: 150  # <<
            """, "spec.subsets[0].trafficPolicy.outlierDetection.maxEjectionPercent",
            "must be between 0 and 100, got 150"),
        arguments("port-level settings need a port", """
            host: reviews
            trafficPolicy:
              portLevelSettings:
              - loadBalancer: {simple: RANDOM}  # <<
            """, "spec.trafficPolicy.portLevelSettings[0].port", "required"),
        arguments("port-level settings need a section", """
            host: reviews
            trafficPolicy:
              portLevelSettings:
              - port: {number: 80}  # <<
            """, "spec.trafficPolicy.portLevelSettings[0]", "must set at least one of loadBalancer"),
        arguments("port-level port must be in range", """
            host: reviews
            trafficPolicy:
              portLevelSettings:
              - port:
                  number: 70000  # <<
                tls: {mode: SIMPLE}
            """, "spec.trafficPolicy.portLevelSettings[0].port.number", "between 1 and 65535, got 70000"),
        arguments("connection pool values cannot be negative", """
            host: reviews
            trafficPolicy:
              connectionPool:
                http:
                  http1MaxPendingRequests: -1  # <<
            """, "spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests", "must be 0 or more, got -1"),
        arguments("empty connection pool", """
            host: reviews
            trafficPolicy:
              connectionPool: {}  # <<
            """, "spec.trafficPolicy.connectionPool", "set tcp or http"),
        arguments("connect timeout of at least 1ms", """
            host: reviews
            trafficPolicy:
              connectionPool:
                tcp:
                  connectTimeout: 500us  # <<
            """, "spec.trafficPolicy.connectionPool.tcp.connectTimeout", "must be at least 1ms, got 0.0005s"),
        arguments("durations in whole milliseconds", """
            host: reviews
            trafficPolicy:
              outlierDetection:
                interval: 1500us  # <<
            """, "spec.trafficPolicy.outlierDetection.interval", "whole number of milliseconds"),
        arguments("useClientProtocol conflicts with UPGRADE", """
            host: reviews
            trafficPolicy:
              connectionPool:
                http:
                  h2UpgradePolicy: UPGRADE
                  useClientProtocol: true  # <<
            """, "spec.trafficPolicy.connectionPool.http.useClientProtocol", "cannot be true when h2UpgradePolicy"),
        arguments("local origin failures need split mode", """
            host: reviews
            trafficPolicy:
              outlierDetection:
                consecutiveLocalOriginFailures: 3  # <<
            """, "spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures",
            "requires splitExternalLocalOriginErrors: true"),
        arguments("outlier error codes are HTTP statuses", """
            host: reviews
            trafficPolicy:
              outlierDetection:
                outlierDetectionHttpErrorCodes:
                - 503
                - 600  # <<
            """, "spec.trafficPolicy.outlierDetection.outlierDetectionHttpErrorCodes[1]",
            "between 100 and 599, got 600"),
        arguments("min health percent at most 100", """
            host: reviews
            trafficPolicy:
              outlierDetection:
                minHealthPercent: 101  # <<
            """, "spec.trafficPolicy.outlierDetection.minHealthPercent", "must be between 0 and 100, got 101"),
        arguments("one load-balancing policy", """
            host: reviews
            trafficPolicy:
              loadBalancer:  # <<
                simple: RANDOM
                consistentHash: {httpHeaderName: x-user}
            """, "spec.trafficPolicy.loadBalancer", "only one of simple, consistentHash"),
        arguments("one hash key", """
            host: reviews
            trafficPolicy:
              loadBalancer:
                consistentHash:  # <<
                  httpHeaderName: x-user
                  useSourceIp: true
            """, "spec.trafficPolicy.loadBalancer.consistentHash", "only one hash key"),
        arguments("hash cookie needs a name", """
            host: reviews
            trafficPolicy:
              loadBalancer:
                consistentHash:
                  httpCookie:  # <<
                    ttl: 0s
            """, "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name", "required"),
        arguments("maglev table size is prime", """
            host: reviews
            trafficPolicy:
              loadBalancer:
                consistentHash:
                  httpHeaderName: x-user
                  maglev:
                    tableSize: 65536  # <<
            """, "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize",
            "prime number (such as 65537), got 65536"),
        arguments("maglev table size is required", """
            host: reviews
            trafficPolicy:
              loadBalancer:
                consistentHash:
                  httpHeaderName: x-user
                  maglev: {}  # <<
            """, "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize", "required for maglev"),
        arguments("warmup minimum percent at most 100", """
            host: reviews
            trafficPolicy:
              loadBalancer:
                warmup:
                  duration: 60s
                  minimumPercent: 150  # <<
            """, "spec.trafficPolicy.loadBalancer.warmup.minimumPercent", "must be between 0 and 100, got 150"),
        arguments("warmup needs a duration", """
            host: reviews
            trafficPolicy:
              loadBalancer:
                warmup:  # <<
                  aggression: 2
            """, "spec.trafficPolicy.loadBalancer.warmup.duration", "required"),
        arguments("warmup aggression above 0", """
            host: reviews
            trafficPolicy:
              loadBalancer:
                warmup:
                  duration: 60s
                  aggression: 0  # <<
            """, "spec.trafficPolicy.loadBalancer.warmup.aggression", "must be greater than 0"),
        arguments("deprecated warmupDurationSecs is checked too", """
            host: reviews
            trafficPolicy:
              loadBalancer:
                warmupDurationSecs: 0s  # <<
            """, "spec.trafficPolicy.loadBalancer.warmupDurationSecs", "must be at least 1ms, got 0s"),
        arguments("distribute and failover are exclusive", """
            host: reviews
            trafficPolicy:
              outlierDetection: {consecutive5xxErrors: 3}
              loadBalancer:
                localityLbSetting:  # <<
                  distribute:
                  - from: us-west/*
                    to: {"us-west/*": 100}
                  failover:
                  - {from: us-west, to: us-east}
            """, "spec.trafficPolicy.loadBalancer.localityLbSetting", "distribute and failover cannot be set together"),
        arguments("distribute weights add up to 100", """
            host: reviews
            trafficPolicy:
              loadBalancer:
                localityLbSetting:
                  distribute:
                  - from: us-west/zone1/*
                    to:  # <<
                      "us-west/zone1/*": 70
                      "us-west/zone2/*": 20
            """, "spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to",
            "weights must add up to 100, got 90"),
        arguments("distribute localities must not overlap", """
            host: reviews
            trafficPolicy:
              loadBalancer:
                localityLbSetting:
                  distribute:
                  - from: us-west/*
                    to:
                      "us-west/*": 50
                      "us-west/zone2": 50  # <<
            """, "spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to[\"us-west/zone2\"]",
            "overlaps \"us-west/*\""),
        arguments("failover goes to another region", """
            host: reviews
            trafficPolicy:
              outlierDetection: {consecutive5xxErrors: 3}
              loadBalancer:
                localityLbSetting:
                  failover:
                  - from: us-east
                    to: us-east  # <<
            """, "spec.trafficPolicy.loadBalancer.localityLbSetting.failover[0].to", "different region"),
        arguments("failoverPriority cannot name topology labels with failover", """
            host: reviews
            trafficPolicy:
              outlierDetection: {consecutive5xxErrors: 3}
              loadBalancer:
                localityLbSetting:
                  failover:
                  - {from: us-east, to: eu-west}
                  failoverPriority:
                  - topology.kubernetes.io/region  # <<
            """, "spec.trafficPolicy.loadBalancer.localityLbSetting.failoverPriority[0]",
            "topology label \"topology.kubernetes.io/region\""),
        arguments("mutual TLS needs a client certificate", """
            host: reviews
            trafficPolicy:
              tls:  # <<
                mode: MUTUAL
                privateKey: /etc/certs/key.pem
            """, "spec.trafficPolicy.tls.clientCertificate", "required when mode is MUTUAL"),
        arguments("credentialName excludes certificate files", """
            host: reviews
            trafficPolicy:
              tls:
                mode: SIMPLE
                credentialName: client-credential  # <<
                caCertificates: /etc/certs/ca.pem
            """, "spec.trafficPolicy.tls.credentialName", "cannot be combined with clientCertificate"),
        arguments("insecureSkipVerify excludes verification settings", """
            host: reviews
            trafficPolicy:
              tls:
                mode: SIMPLE
                caCertificates: /etc/certs/ca.pem
                insecureSkipVerify: true  # <<
            """, "spec.trafficPolicy.tls.insecureSkipVerify", "cannot be true together with caCertificates"),
        arguments("tunnel and proxyProtocol are exclusive", """
            host: reviews
            trafficPolicy:
              tunnel: {targetHost: example.com, targetPort: 443}
              proxyProtocol: {version: V2}  # <<
            """, "spec.trafficPolicy.proxyProtocol", "cannot be set together with tunnel"),
        arguments("retry budget percent at most 100", """
            host: reviews
            trafficPolicy:
              retryBudget:
                percent: 120  # <<
            """, "spec.trafficPolicy.retryBudget.percent", "must be between 0 and 100, got 120"),
        arguments("exportTo ~ is for ServiceEntry only", """
            host: reviews
            exportTo:
            - "~"  # <<
            """, "spec.exportTo[0]", "allowed only in a ServiceEntry"),
        arguments("exportTo . duplicates the own namespace", """
            host: reviews
            exportTo:
            - prod
            - "."  # <<
            """, "spec.exportTo[1]", "\".\" already means this object's namespace \"prod\""),
        arguments("a rule with a selector stays in its namespace", """
            host: reviews
            workloadSelector:
              matchLabels: {app: ratings}
            exportTo:  # <<
            - other
            """, "spec.exportTo", "can only be exported to its own namespace"),
        arguments("selector labels cannot use wildcards", """
            host: reviews
            workloadSelector:
              matchLabels:
                app: "*"  # <<
            """, "spec.workloadSelector.matchLabels.app", "wildcard is not supported"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedDestinationRule(String description, String spec, String path, String fragment) {
    String yaml = dr(spec);
    MeshConfig config = load(yaml);

    assertThat(config.destinationRules()).isEmpty();
    MarkedYaml.assertErrorAtMark(config, yaml, path, fragment);
  }

  static Stream<Arguments> noEffectInProcess() {
    return Stream.of(
        arguments("""
            host: reviews
            trafficPolicy:
              tunnel:  # <<
                targetHost: example.com
                targetPort: 443
            """, "spec.trafficPolicy.tunnel", "tunnelling applies to TCP and TLS traffic"),
        arguments("""
            host: reviews
            trafficPolicy:
              proxyProtocol: {version: V1}  # <<
            """, "spec.trafficPolicy.proxyProtocol", "no PROXY protocol header"),
        arguments("""
            host: reviews
            trafficPolicy:
              connectionPool:
                tcp:
                  tcpKeepalive:  # <<
                    time: 7200s
            """, "spec.trafficPolicy.connectionPool.tcp.tcpKeepalive", "enable TCP keep-alive there"),
        arguments("""
            host: reviews
            trafficPolicy:
              connectionPool:
                tcp:
                  maxConnectionDuration: 10m  # <<
            """, "spec.trafficPolicy.connectionPool.tcp.maxConnectionDuration", "application's HTTP client"),
        arguments("""
            host: reviews
            trafficPolicy:
              connectionPool:
                http:
                  h2UpgradePolicy: UPGRADE  # <<
            """, "spec.trafficPolicy.connectionPool.http.h2UpgradePolicy", "chooses the HTTP version"),
        arguments("""
            host: reviews
            trafficPolicy:
              connectionPool:
                http:
                  useClientProtocol: true  # <<
            """, "spec.trafficPolicy.connectionPool.http.useClientProtocol", "no effect in-process"),
        arguments("""
            host: reviews
            trafficPolicy:
              connectionPool:
                http:
                  maxConcurrentStreams: 100  # <<
            """, "spec.trafficPolicy.connectionPool.http.maxConcurrentStreams", "HTTP/2 stream limit"),
        arguments("""
            host: reviews
            trafficPolicy:
              tls:
                mode: MUTUAL
                credentialName: client-credential  # <<
            """, "spec.trafficPolicy.tls.credentialName",
            "give the files with clientCertificate, privateKey and caCertificates"),
        arguments("""
            host: reviews
            trafficPolicy:
              tls:
                mode: SIMPLE
                caCertificates: /etc/certs/ca.pem
                caCrl: /etc/certs/crl.pem  # <<
            """, "spec.trafficPolicy.tls.caCrl", "certificate revocation lists"),
        arguments("""
            host: reviews
            trafficPolicy:
              loadBalancer:
                zoneAwareLbSetting: {enabled: true}  # <<
            """, "spec.trafficPolicy.loadBalancer.zoneAwareLbSetting", "applies localityLbSetting only"),
        arguments("""
            host: reviews
            trafficPolicy:
              loadBalancer:
                backendUtilization: {}  # <<
            """, "spec.trafficPolicy.loadBalancer.backendUtilization", "ORCA"),
        arguments("""
            host: reviews
            trafficPolicy:
              loadBalancer:
                simple: RANDOM
                warmup:  # <<
                  duration: 60s
            """, "spec.trafficPolicy.loadBalancer.warmup", "slow start applies to ROUND_ROBIN and LEAST_REQUEST"));
  }

  @ParameterizedTest
  @MethodSource("noEffectInProcess")
  void warnsAboutFieldsWithoutEffectInProcess(String spec, String path, String fragment) {
    String yaml = dr(spec);
    MeshConfig config = load(yaml);

    MarkedYaml.assertSingleWarningAtMark(config, yaml, path, fragment);
    assertThat(config.destinationRules()).hasSize(1);
  }

  @Test
  void acceptsBookinfoDestinationRules() {
    MeshConfig config = load(BOOKINFO_DESTINATION_RULE_ALL);

    assertThat(config.diagnostics()).isEmpty();
    assertThat(config.destinationRules()).hasSize(4);
  }

  @Test
  void acceptsCircuitBreakingTaskRule() {
    MeshConfig config = load("""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: httpbin
        spec:
          host: httpbin
          trafficPolicy:
            connectionPool:
              tcp:
                maxConnections: 1
              http:
                http1MaxPendingRequests: 1
                maxRequestsPerConnection: 1
            outlierDetection:
              consecutive5xxErrors: 1
              interval: 1s
              baseEjectionTime: 3m
              maxEjectionPercent: 100
        """);

    assertThat(config.diagnostics()).isEmpty();
    assertThat(config.destinationRules()).hasSize(1);
  }

  @Test
  void acceptsLocalityFailoverAndWeightedDistribution() {
    MeshConfig config = load("""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: helloworld
          namespace: sample
        spec:
          host: helloworld.sample.svc.cluster.local
          trafficPolicy:
            connectionPool:
              http:
                maxRequestsPerConnection: 1
            loadBalancer:
              simple: ROUND_ROBIN
              localityLbSetting:
                enabled: true
                failover:
                - from: region1
                  to: region2
            outlierDetection:
              consecutive5xxErrors: 1
              interval: 1s
              baseEjectionTime: 1m
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: helloworld-distribute
          namespace: sample
        spec:
          host: helloworld.sample.svc.cluster.local
          trafficPolicy:
            loadBalancer:
              localityLbSetting:
                enabled: true
                distribute:
                - from: region1/zone1/*
                  to:
                    "region1/zone1/*": 70
                    "region1/zone2/*": 20
                    "region3/zone4/*": 10
            outlierDetection:
              consecutive5xxErrors: 100
              interval: 1s
              baseEjectionTime: 1m
        """);

    assertThat(config.diagnostics()).isEmpty();
    assertThat(config.destinationRules()).hasSize(2);
  }

  @Test
  void acceptsTlsOriginationRules() {
    MeshConfig config = load("""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: edition-cnn-com
        spec:
          host: edition.cnn.com
          trafficPolicy:
            portLevelSettings:
            - port:
                number: 80
              tls:
                mode: SIMPLE
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: originate-mtls-for-nginx
        spec:
          host: my-nginx.mesh-external.svc.cluster.local
          trafficPolicy:
            loadBalancer:
              simple: ROUND_ROBIN
            portLevelSettings:
            - port:
                number: 443
              tls:
                mode: MUTUAL
                clientCertificate: /etc/certs/client.pem
                privateKey: /etc/certs/client.key
                caCertificates: /etc/certs/ca.pem
                sni: my-nginx.mesh-external.svc.cluster.local
        """);

    assertThat(config.diagnostics()).isEmpty();
    assertThat(config.destinationRules()).hasSize(2);
  }

  @Test
  void acceptsIstioTestRuleWithDeprecatedRingSizeAndWarnsOnlyAboutTheDeprecation() {
    String yaml = dr("""
        host: destall.default.svc.cluster.local
        subsets:
        - name: v2
          trafficPolicy:
            loadBalancer:
              consistentHash:
                httpCookie:
                  name: Cookie
                  ttl: 30s
                minimumRingSize: 42  # <<
        """);
    MeshConfig config = load(yaml);

    assertThat(config.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
      assertThat(d.line()).isEqualTo(markedLine(yaml));
      assertThat(d.message()).contains("deprecated");
    });
  }

  @Test
  void warnsThatFailoverNeedsOutlierDetection() {
    MeshConfig config = load(dr("""
        host: reviews
        trafficPolicy:
          loadBalancer:
            localityLbSetting:
              failover:
              - {from: us-east, to: eu-west}
        """));

    assertThat(config.errors()).isEmpty();
    assertThat(config.diagnostics()).extracting(Diagnostic::path, Diagnostic::message)
        .singleElement().satisfies(t -> assertThat(t.toList()).containsExactly(
            "spec.trafficPolicy.loadBalancer.localityLbSetting.failover",
            "has no effect without outlierDetection at the same level: failover needs it to detect unhealthy "
                + "endpoints"));
  }

  @Test
  void reportsEveryProblemOfOneRule() {
    MeshConfig config = load(dr("""
        host: reviews
        subsets:
        - name: v1
        - name: v1
        trafficPolicy:
          outlierDetection:
            maxEjectionPercent: -1
        """));

    List<String> paths = config.errors().stream().map(Diagnostic::path).toList();
    assertThat(paths).containsExactlyInAnyOrder(
        "spec.subsets[1].name", "spec.trafficPolicy.outlierDetection.maxEjectionPercent");
  }

  private static final String BOOKINFO_DESTINATION_RULE_ALL = """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata:
        name: productpage
      spec:
        host: productpage
        subsets:
        - name: v1
          labels:
            version: v1
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata:
        name: reviews
      spec:
        host: reviews
        subsets:
        - name: v1
          labels:
            version: v1
        - name: v2
          labels:
            version: v2
        - name: v3
          labels:
            version: v3
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata:
        name: ratings
      spec:
        host: ratings
        subsets:
        - name: v1
          labels:
            version: v1
        - name: v2
          labels:
            version: v2
        - name: v2-mysql
          labels:
            version: v2-mysql
        - name: v2-mysql-vm
          labels:
            version: v2-mysql-vm
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata:
        name: details
      spec:
        host: details
        subsets:
        - name: v1
          labels:
            version: v1
        - name: v2
          labels:
            version: v2
      """;
}

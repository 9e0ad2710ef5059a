package io.meshlet.cluster.internal;

import io.meshlet.cluster.ClusterKey;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.Resource;
import io.meshlet.config.model.ClientTlsSettings;
import io.meshlet.config.model.ConnectionPoolSettings;
import io.meshlet.config.model.DestinationRule;
import io.meshlet.config.model.TrafficPolicy;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Names, once per rule and field, the DestinationRule settings that have no effect in-process, so
 * an Istio user is never silently ignored.
 */
final class PolicyWarnings {
  private final Consumer<Diagnostic> sink;
  private final Set<String> seen = new HashSet<>();

  PolicyWarnings(Consumer<Diagnostic> sink) {
    this.sink = sink;
  }

  void check(TrafficPolicy p, Resource<DestinationRule> rule) {
    if (p == null) {
      return;
    }
    if (p.tunnel() != null) {
      warn(rule, "trafficPolicy.tunnel", "has no effect in-process (HTTP routes do not tunnel)");
    }
    if (p.proxyProtocol() != null) {
      warn(rule, "trafficPolicy.proxyProtocol", "has no effect in-process");
    }
    if (p.retryBudget() != null && !p.retryBudget().budgetIntervalOrDefault().isZero()) {
      warn(rule, "trafficPolicy.retryBudget.budgetInterval",
          "is not supported; the budget counts active and pending requests only");
    }
    if (p.loadBalancer() != null) {
      if (p.loadBalancer().zoneAwareLbSetting() != null) {
        warn(rule, "trafficPolicy.loadBalancer.zoneAwareLbSetting", "is not supported; localityLbSetting is");
      }
      if (p.loadBalancer().backendUtilization() != null) {
        warn(rule, "trafficPolicy.loadBalancer.backendUtilization",
            "is not supported (no ORCA load reports in-process); LEAST_REQUEST is used");
      }
    }
    if (p.outlierDetection() != null && p.outlierDetection().failurePercentageThreshold() != null) {
      warn(rule, "trafficPolicy.outlierDetection.failurePercentageThreshold",
          "is not supported; consecutive-error detection applies");
    }
    ConnectionPoolSettings.HttpSettings http = p.connectionPool() == null ? null : p.connectionPool().http();
    if (http != null && (http.http2KeepAlive() != null || http.maxConcurrentStreams() != null
        || http.useClientProtocol() != null)) {
      warn(rule, "trafficPolicy.connectionPool.http",
          "http2KeepAlive, maxConcurrentStreams and useClientProtocol are left to the HTTP client");
    }
    ClientTlsSettings tls = p.tls();
    if (tls != null) {
      if (tls.credentialName() != null && !tls.credentialName().isEmpty()) {
        warn(rule, "trafficPolicy.tls.credentialName",
            "is not supported in-process (no secret store); use clientCertificate, privateKey and caCertificates");
      }
      if (tls.caCrl() != null && !tls.caCrl().isEmpty()) {
        warn(rule, "trafficPolicy.tls.caCrl", "is not supported; revocation is not checked");
      }
    }
  }

  void clusterLeftOut(ClusterKey key, Resource<DestinationRule> rule, String reason) {
    warn(rule, "trafficPolicy.tls",
        "cluster " + key + " is left out (requests to it get 503 NC): " + reason);
  }

  void warn(Resource<DestinationRule> rule, String path, String message) {
    if (seen.add(rule.displayName() + "|" + path + "|" + message)) {
      Resource.Origin o = rule.origin();
      sink.accept(new Diagnostic(Diagnostic.Severity.WARNING, o.source(), o.line(), 0, path,
          rule.displayName() + ": " + message));
    }
  }
}

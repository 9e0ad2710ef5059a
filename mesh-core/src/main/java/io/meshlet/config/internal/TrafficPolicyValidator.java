package io.meshlet.config.internal;

import io.meshlet.config.model.ClientTlsSettings;
import io.meshlet.config.model.ConnectionPoolSettings;
import io.meshlet.config.model.ConnectionPoolSettings.HttpSettings;
import io.meshlet.config.model.ConnectionPoolSettings.HttpSettings.H2UpgradePolicy;
import io.meshlet.config.model.ConnectionPoolSettings.TcpSettings;
import io.meshlet.config.model.OutlierDetection;
import io.meshlet.config.model.TrafficPolicy;
import io.meshlet.config.model.TrafficPolicy.PortTrafficPolicy;
import io.meshlet.config.model.TrafficPolicy.RetryBudget;
import io.meshlet.config.model.TrafficPolicy.TunnelSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Istio's validation of a DestinationRule {@code trafficPolicy} (rule and subset level) and of its
 * sections: port-level settings, connection pool, outlier detection, TLS, tunnel and retry budget.
 * Load balancing is in {@link TrafficPolicyLoadBalancer}. Fields that load but cannot act in-process
 * get a warning naming the reason.
 */
final class TrafficPolicyValidator {
  private static final String NO_SOCKETS =
      "has no effect in-process: connections belong to the application's HTTP client";

  private TrafficPolicyValidator() {}

  static void validate(TrafficPolicy tp, String path, Problems p) {
    if (tp.loadBalancer() == null && tp.connectionPool() == null && tp.outlierDetection() == null
        && tp.tls() == null && tp.portLevelSettings().isEmpty() && tp.tunnel() == null
        && tp.proxyProtocol() == null && tp.retryBudget() == null) {
      p.error(path, "is empty: set at least one of loadBalancer, connectionPool, outlierDetection, tls, "
          + "portLevelSettings, tunnel, proxyProtocol or retryBudget, or remove it");
      return;
    }
    if (tp.tunnel() != null && tp.proxyProtocol() != null) {
      p.error(Paths.field(path, "proxyProtocol"), "cannot be set together with tunnel");
    }
    outlierDetection(tp.outlierDetection(), Paths.field(path, "outlierDetection"), p);
    connectionPool(tp.connectionPool(), Paths.field(path, "connectionPool"), p, true);
    TrafficPolicyLoadBalancer.validate(tp.loadBalancer(), tp.outlierDetection() != null,
        Paths.field(path, "loadBalancer"), p);
    tls(tp.tls(), Paths.field(path, "tls"), p);
    portLevelSettings(tp.portLevelSettings(), Paths.field(path, "portLevelSettings"), p);
    tunnel(tp.tunnel(), Paths.field(path, "tunnel"), p);
    if (tp.proxyProtocol() != null) {
      p.warning(Paths.field(path, "proxyProtocol"),
          NO_SOCKETS + ", so no PROXY protocol header is written");
    }
    retryBudget(tp.retryBudget(), Paths.field(path, "retryBudget"), p);
  }

  private static void portLevelSettings(List<PortTrafficPolicy> list, String path, Problems p) {
    Map<Integer, Integer> firstByPort = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      PortTrafficPolicy pl = list.get(i);
      String itemPath = Paths.index(path, i);
      String portPath = Paths.field(itemPath, "port");
      if (pl.port() == null) {
        p.error(portPath, "required: the port number this policy applies to");
      } else if (pl.port().number() == null) {
        p.error(Paths.field(portPath, "number"), "required");
      } else {
        Integer number = pl.port().number();
        Validation.port(number, Paths.field(portPath, "number"), p);
        Integer first = firstByPort.putIfAbsent(number, i);
        if (first != null) {
          p.warning(Paths.field(portPath, "number"), "port " + number + " is already configured by "
              + Paths.index("portLevelSettings", first) + "; Istio uses the first entry and ignores this one");
        }
      }
      if (pl.loadBalancer() == null && pl.connectionPool() == null && pl.outlierDetection() == null
          && pl.tls() == null) {
        p.error(itemPath, "must set at least one of loadBalancer, connectionPool, outlierDetection or tls");
        continue;
      }
      outlierDetection(pl.outlierDetection(), Paths.field(itemPath, "outlierDetection"), p);
      connectionPool(pl.connectionPool(), Paths.field(itemPath, "connectionPool"), p, true);
      TrafficPolicyLoadBalancer.validate(pl.loadBalancer(), pl.outlierDetection() != null,
          Paths.field(itemPath, "loadBalancer"), p);
      tls(pl.tls(), Paths.field(itemPath, "tls"), p);
    }
  }

  @SuppressWarnings("deprecation") // validates the deprecated field too
  static void outlierDetection(OutlierDetection od, String path, Problems p) {
    if (od == null) {
      return;
    }
    if (od.consecutiveErrors() != null && od.consecutiveErrors() != 0) {
      p.warning(Paths.field(path, "consecutiveErrors"), "is deprecated and read as consecutiveGatewayErrors "
          + "(502, 503 and 504 only); set consecutiveGatewayErrors or consecutive5xxErrors instead");
    }
    nonNegative(od.consecutiveErrors(), Paths.field(path, "consecutiveErrors"), p);
    nonNegative(od.consecutiveGatewayErrors(), Paths.field(path, "consecutiveGatewayErrors"), p);
    nonNegative(od.consecutive5xxErrors(), Paths.field(path, "consecutive5xxErrors"), p);
    nonNegative(od.consecutiveLocalOriginFailures(), Paths.field(path, "consecutiveLocalOriginFailures"), p);
    if (od.consecutiveLocalOriginFailures() != null && od.consecutiveLocalOriginFailures() > 0
        && !od.splitExternalLocalOriginErrorsOrDefault()) {
      p.error(Paths.field(path, "consecutiveLocalOriginFailures"),
          "requires splitExternalLocalOriginErrors: true; without it local failures count as 5xx errors");
    }
    duration(od.interval(), Paths.field(path, "interval"), p);
    duration(od.baseEjectionTime(), Paths.field(path, "baseEjectionTime"), p);
    percent(od.maxEjectionPercent(), Paths.field(path, "maxEjectionPercent"), p);
    percent(od.minHealthPercent(), Paths.field(path, "minHealthPercent"), p);
    percent(od.failurePercentageThreshold(), Paths.field(path, "failurePercentageThreshold"), p);
    List<Integer> codes = od.outlierDetectionHttpErrorCodes();
    for (int i = 0; i < codes.size(); i++) {
      int code = codes.get(i);
      if (code < 100 || code > 599) {
        p.error(Paths.index(Paths.field(path, "outlierDetectionHttpErrorCodes"), i),
            "must be an HTTP status code between 100 and 599, got " + code);
      }
    }
  }

  /**
   * Connection pool limits. {@code client} is true for a DestinationRule's (outbound) pool, whose
   * socket-level fields get no-effect warnings; a Sidecar's inbound pool is warned about as a whole.
   */
  static void connectionPool(ConnectionPoolSettings cp, String path, Problems p, boolean client) {
    if (cp == null) {
      return;
    }
    if (cp.tcp() == null && cp.http() == null) {
      p.error(path, "is empty: set tcp or http, or remove it");
      return;
    }
    HttpSettings http = cp.http();
    if (http != null) {
      String hp = Paths.field(path, "http");
      nonNegative(http.http1MaxPendingRequests(), Paths.field(hp, "http1MaxPendingRequests"), p);
      nonNegative(http.http2MaxRequests(), Paths.field(hp, "http2MaxRequests"), p);
      nonNegative(http.maxRequestsPerConnection(), Paths.field(hp, "maxRequestsPerConnection"), p);
      nonNegative(http.maxRetries(), Paths.field(hp, "maxRetries"), p);
      nonNegative(http.maxConcurrentStreams(), Paths.field(hp, "maxConcurrentStreams"), p);
      duration(http.idleTimeout(), Paths.field(hp, "idleTimeout"), p);
      if (http.h2UpgradePolicy() == H2UpgradePolicy.UPGRADE && http.useClientProtocolOrDefault()) {
        p.error(Paths.field(hp, "useClientProtocol"), "cannot be true when h2UpgradePolicy is UPGRADE");
      }
      if (http.http2KeepAlive() != null) {
        String kp = Paths.field(hp, "http2KeepAlive");
        required(http.http2KeepAlive().interval(), Paths.field(kp, "interval"), p);
        required(http.http2KeepAlive().timeout(), Paths.field(kp, "timeout"), p);
      }
      if (client) {
        if (http.h2UpgradePolicy() != null) {
          p.warning(Paths.field(hp, "h2UpgradePolicy"),
              "has no effect in-process: the application's HTTP client chooses the HTTP version");
        }
        if (http.useClientProtocol() != null) {
          p.warning(Paths.field(hp, "useClientProtocol"), "has no effect in-process: requests always leave "
              + "with the protocol the application's HTTP client uses");
        }
        if (http.maxConcurrentStreams() != null) {
          p.warning(Paths.field(hp, "maxConcurrentStreams"), NO_SOCKETS + ", which sets its own HTTP/2 stream limit");
        }
      }
    }
    TcpSettings tcp = cp.tcp();
    if (tcp != null) {
      String tp = Paths.field(path, "tcp");
      nonNegative(tcp.maxConnections(), Paths.field(tp, "maxConnections"), p);
      duration(tcp.connectTimeout(), Paths.field(tp, "connectTimeout"), p);
      duration(tcp.maxConnectionDuration(), Paths.field(tp, "maxConnectionDuration"), p);
      duration(tcp.idleTimeout(), Paths.field(tp, "idleTimeout"), p);
      if (tcp.tcpKeepalive() != null) {
        String kp = Paths.field(tp, "tcpKeepalive");
        nonNegative(tcp.tcpKeepalive().probes(), Paths.field(kp, "probes"), p);
        duration(tcp.tcpKeepalive().time(), Paths.field(kp, "time"), p);
        duration(tcp.tcpKeepalive().interval(), Paths.field(kp, "interval"), p);
      }
      if (client && tcp.tcpKeepalive() != null) {
        p.warning(Paths.field(tp, "tcpKeepalive"), NO_SOCKETS + "; enable TCP keep-alive there");
      }
      if (client && tcp.maxConnectionDuration() != null) {
        p.warning(Paths.field(tp, "maxConnectionDuration"), NO_SOCKETS + ", which decides how long they live");
      }
    }
  }

  static void tls(ClientTlsSettings tls, String path, Problems p) {
    if (tls == null) {
      return;
    }
    ClientTlsSettings.Mode mode = tls.modeOrDefault();
    boolean simple = mode == ClientTlsSettings.Mode.SIMPLE;
    boolean mutual = mode == ClientTlsSettings.Mode.MUTUAL;
    if (tls.insecureSkipVerifyOrDefault()) {
      if (simple && (set(tls.caCertificates()) || set(tls.credentialName()) || !tls.subjectAltNames().isEmpty())) {
        p.error(Paths.field(path, "insecureSkipVerify"), "cannot be true together with caCertificates, "
            + "credentialName or subjectAltNames: skipping verification makes them meaningless");
      }
      if (mutual && (set(tls.caCertificates()) || !tls.subjectAltNames().isEmpty())) {
        p.error(Paths.field(path, "insecureSkipVerify"), "cannot be true together with caCertificates or "
            + "subjectAltNames: skipping verification makes them meaningless");
      }
    }
    if ((simple || mutual) && set(tls.credentialName())) {
      if (set(tls.clientCertificate()) || set(tls.privateKey()) || set(tls.caCertificates()) || set(tls.caCrl())) {
        p.error(Paths.field(path, "credentialName"), "cannot be combined with clientCertificate, privateKey, "
            + "caCertificates or caCrl: the secret supplies them");
      }
    } else if (mutual) {
      if (!set(tls.clientCertificate())) {
        p.error(Paths.field(path, "clientCertificate"), "required when mode is MUTUAL (or set credentialName)");
      }
      if (!set(tls.privateKey())) {
        p.error(Paths.field(path, "privateKey"), "required when mode is MUTUAL (or set credentialName)");
      }
    }
    if (mode == ClientTlsSettings.Mode.ISTIO_MUTUAL) {
      ignoredWithIstioMutual(tls.clientCertificate(), Paths.field(path, "clientCertificate"), p);
      ignoredWithIstioMutual(tls.privateKey(), Paths.field(path, "privateKey"), p);
      ignoredWithIstioMutual(tls.caCertificates(), Paths.field(path, "caCertificates"), p);
      ignoredWithIstioMutual(tls.credentialName(), Paths.field(path, "credentialName"), p);
    } else if (set(tls.credentialName())) {
      p.warning(Paths.field(path, "credentialName"), "has no effect in-process: Meshlet cannot read Kubernetes "
          + "secrets; give the files with clientCertificate, privateKey and caCertificates instead");
    }
    if (set(tls.caCrl())) {
      p.warning(Paths.field(path, "caCrl"),
          "has no effect in-process: Meshlet does not check certificate revocation lists");
    }
  }

  private static void ignoredWithIstioMutual(String value, String path, Problems p) {
    if (set(value)) {
      p.warning(path, "has no effect with mode ISTIO_MUTUAL, which uses Istio's workload certificates");
    }
  }

  private static void tunnel(TunnelSettings tunnel, String path, Problems p) {
    if (tunnel == null) {
      return;
    }
    String protocol = tunnel.protocol();
    if (protocol != null && !protocol.isEmpty() && !protocol.equals("CONNECT") && !protocol.equals("POST")) {
      p.error(Paths.field(path, "protocol"), "must be CONNECT or POST, got \"" + protocol + "\"");
    }
    String host = tunnel.targetHost();
    if (host == null || host.isEmpty()) {
      p.error(Paths.field(path, "targetHost"), "required");
    } else if (!ServiceEntryRules.isIpAddress(host) && ServiceEntryRules.fqdnProblem(host) != null) {
      p.error(Paths.field(path, "targetHost"), "must be a DNS name or an IP address, got \"" + host + "\"");
    }
    if (tunnel.targetPort() == null) {
      p.error(Paths.field(path, "targetPort"), "required");
    } else {
      Validation.port(tunnel.targetPort(), Paths.field(path, "targetPort"), p);
    }
    p.warning(path, "has no effect in-process: tunnelling applies to TCP and TLS traffic, and Meshlet "
        + "handles HTTP requests only");
  }

  private static void retryBudget(RetryBudget budget, String path, Problems p) {
    if (budget == null) {
      return;
    }
    if (budget.percent() != null && (budget.percent() < 0 || budget.percent() > 100)) {
      p.error(Paths.field(path, "percent"), "must be between 0 and 100, got " + Validation.trim(budget.percent()));
    }
    nonNegative(budget.minRetryConcurrency(), Paths.field(path, "minRetryConcurrency"), p);
  }

  /** Istio's duration rule: at least 1ms, in whole milliseconds. */
  static void duration(Duration d, String path, Problems p) {
    if (d == null) {
      return;
    }
    if (d.compareTo(Validation.ONE_MS) < 0) {
      p.error(path, "must be at least 1ms, got " + Durations.format(d));
    } else if (d.toNanos() % 1_000_000L != 0) {
      p.error(path, "must be a whole number of milliseconds, got " + Durations.format(d));
    }
  }

  private static void required(Duration d, String path, Problems p) {
    if (d == null) {
      p.error(path, "required");
    } else {
      duration(d, path, p);
    }
  }

  static void nonNegative(Number n, String path, Problems p) {
    if (n != null && n.longValue() < 0) {
      p.error(path, "must be 0 or more, got " + n);
    }
  }

  private static void percent(Integer n, String path, Problems p) {
    if (n != null && (n < 0 || n > 100)) {
      p.error(path, "must be between 0 and 100, got " + n);
    }
  }

  static boolean set(String s) {
    return s != null && !s.isEmpty();
  }
}

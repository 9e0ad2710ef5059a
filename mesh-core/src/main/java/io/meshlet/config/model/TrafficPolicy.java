package io.meshlet.config.model;

import java.time.Duration;
import java.util.List;

/**
 * Policies for traffic to one destination, across all its ports unless a port-level entry replaces
 * them. A {@code portLevelSettings} entry replaces the whole policy for its port: sections it leaves
 * out fall back to defaults, not to this level.
 *
 * @param loadBalancer load-balancing algorithm and locality settings
 * @param connectionPool connection and request limits
 * @param outlierDetection ejection of failing endpoints; absent means none
 * @param tls TLS settings for upstream connections; absent means Istio's automatic mutual TLS
 * @param portLevelSettings per-port policies
 * @param tunnel tunnelling of TCP over HTTP CONNECT or POST
 * @param proxyProtocol PROXY protocol header sent to the upstream
 * @param retryBudget limit on concurrent retries relative to active requests
 */
public record TrafficPolicy(
    LoadBalancerSettings loadBalancer,
    ConnectionPoolSettings connectionPool,
    OutlierDetection outlierDetection,
    ClientTlsSettings tls,
    List<PortTrafficPolicy> portLevelSettings,
    TunnelSettings tunnel,
    ProxyProtocol proxyProtocol,
    RetryBudget retryBudget) {

  public TrafficPolicy {
    portLevelSettings = Copies.list(portLevelSettings);
  }

  /**
   * The policy for one port of the destination; it replaces the destination-level policy for that
   * port.
   *
   * @param port the port the policy applies to
   * @param loadBalancer load-balancing settings
   * @param connectionPool connection and request limits
   * @param outlierDetection ejection of failing endpoints
   * @param tls TLS settings for upstream connections
   */
  public record PortTrafficPolicy(
      PortSelector port,
      LoadBalancerSettings loadBalancer,
      ConnectionPoolSettings connectionPool,
      OutlierDetection outlierDetection,
      ClientTlsSettings tls) {}

  /**
   * Tunnelling of the downstream TCP connection to a target through the destination; applies to TCP
   * and TLS routes, not HTTP routes.
   *
   * @param protocol {@code CONNECT} (default) or {@code POST}
   * @param targetHost the FQDN or IP the connection is tunnelled to, required
   * @param targetPort the port the connection is tunnelled to, required
   */
  public record TunnelSettings(String protocol, String targetHost, Integer targetPort) {

    /** The tunnelling protocol; default {@code CONNECT}. */
    public String protocolOrDefault() {
      return protocol == null || protocol.isEmpty() ? "CONNECT" : protocol;
    }
  }

  /**
   * The PROXY protocol header sent on upstream connections.
   *
   * @param version the protocol version; absent means V1
   */
  public record ProxyProtocol(Version version) {

    /** PROXY protocol versions (Istio's {@code ProxyProtocol.VERSION}). */
    public enum Version {
      /** Version 1, human-readable. */
      V1,
      /** Version 2, binary. */
      V2
    }

    /** The version; default V1. */
    public Version versionOrDefault() {
      return version == null ? Version.V1 : version;
    }
  }

  /**
   * A limit on concurrent retries as a share of active and pending requests, replacing the fixed
   * {@code maxRetries} circuit breaker.
   *
   * @param percent share of active plus pending requests that may be retries, 0–100; absent means 20
   * @param minRetryConcurrency retries always allowed whatever the share; absent means 3
   * @param budgetInterval window over which new requests count toward the budget; absent or 0 means
   *     only currently active and pending requests count
   */
  public record RetryBudget(Double percent, Integer minRetryConcurrency, Duration budgetInterval) {

    /** The budget share; default 20%. */
    public double percentOrDefault() {
      return percent == null ? 20.0 : percent;
    }

    /** The retry concurrency always allowed; default 3 (protobuf zero reads as unset). */
    public int minRetryConcurrencyOrDefault() {
      return minRetryConcurrency == null || minRetryConcurrency == 0 ? 3 : minRetryConcurrency;
    }

    /** The budget window; default {@link Duration#ZERO}, meaning only active and pending requests. */
    public Duration budgetIntervalOrDefault() {
      return budgetInterval == null ? Duration.ZERO : budgetInterval;
    }
  }
}

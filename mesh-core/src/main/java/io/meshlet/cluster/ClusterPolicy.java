package io.meshlet.cluster;

import io.meshlet.config.model.ClientTlsSettings;
import io.meshlet.config.model.ConnectionPoolSettings.HttpSettings.H2UpgradePolicy;
import io.meshlet.config.model.ConnectionPoolSettings.TcpSettings.TcpKeepalive;
import io.meshlet.config.model.LoadBalancerSettings;
import io.meshlet.config.model.OutlierDetection;
import io.meshlet.config.model.TrafficPolicy.RetryBudget;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The DestinationRule policy in effect for one cluster, after Istio's layering (rule, then port-level
 * settings, then the subset's sections). Sections the rule leaves unset carry Istio's defaults.
 *
 * @param loadBalancer the effective load-balancer section; never null (an empty one means Istio's
 *     default, {@code LEAST_REQUEST})
 * @param connectionPool the circuit breakers and connection settings
 * @param outlierDetection the effective outlier-detection section; null means none
 * @param tls upstream TLS, ready to use; null means plain text
 * @param retryBudget the retry budget; null means the {@code maxRetries} circuit breaker applies
 */
public record ClusterPolicy(
    LoadBalancerSettings loadBalancer,
    ConnectionPool connectionPool,
    OutlierDetection outlierDetection,
    Tls tls,
    RetryBudget retryBudget) {

  public ClusterPolicy {
    Objects.requireNonNull(loadBalancer, "loadBalancer");
    Objects.requireNonNull(connectionPool, "connectionPool");
  }

  /**
   * Connection-pool settings. The limits ({@code maxConnections}, {@code maxPendingRequests},
   * {@code maxRequests}, {@code maxRetries}) are enforced by {@link Cluster}; the rest are for the
   * adapter to apply to its HTTP client. Istio's "unlimited" is 2^32-1.
   *
   * @param maxConnections {@code tcp.maxConnections}: concurrent connections, counted as concurrent
   *     requests in flight (one per HTTP/1.1 connection)
   * @param maxPendingRequests {@code http.http1MaxPendingRequests}: requests waiting for a connection
   * @param maxRequests {@code http.http2MaxRequests}: active requests, HTTP/1.1 included
   * @param maxRetries {@code http.maxRetries}: concurrent retries
   * @param connectTimeout {@code tcp.connectTimeout}, default 10s
   * @param idleTimeout {@code http.idleTimeout}, else {@code tcp.idleTimeout}, default 1h
   * @param maxRequestsPerConnection 0 = unlimited, 1 disables keep-alive
   * @param maxConnectionDuration {@code tcp.maxConnectionDuration}; null = none
   * @param tcpKeepalive {@code tcp.tcpKeepalive}; null = the operating system's
   * @param h2UpgradePolicy {@code http.h2UpgradePolicy}
   */
  public record ConnectionPool(
      long maxConnections,
      long maxPendingRequests,
      long maxRequests,
      long maxRetries,
      Duration connectTimeout,
      Duration idleTimeout,
      int maxRequestsPerConnection,
      Duration maxConnectionDuration,
      TcpKeepalive tcpKeepalive,
      H2UpgradePolicy h2UpgradePolicy) {}

  /**
   * Upstream TLS, compiled from the {@code tls} section: certificates and keys are read when the
   * configuration is compiled, never per request.
   *
   * @param mode {@code SIMPLE}, {@code MUTUAL} or {@code ISTIO_MUTUAL}
   * @param sslSocketFactory sockets with this cluster's trust, client key and SNI
   * @param trustManager the trust manager behind the factory (OkHttp wants both)
   * @param hostnameVerifier verifies the server certificate: against {@code subjectAltNames} when
   *     set, otherwise against the SNI (or the request host)
   * @param sni the server name to send; null means the request's host
   * @param subjectAltNames the names the server certificate must carry (one of them); empty means
   *     hostname verification
   * @param insecureSkipVerify whether server verification is off
   */
  public record Tls(
      ClientTlsSettings.Mode mode,
      SSLSocketFactory sslSocketFactory,
      X509TrustManager trustManager,
      HostnameVerifier hostnameVerifier,
      String sni,
      List<String> subjectAltNames,
      boolean insecureSkipVerify) {

    public Tls {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(sslSocketFactory, "sslSocketFactory");
      Objects.requireNonNull(trustManager, "trustManager");
      Objects.requireNonNull(hostnameVerifier, "hostnameVerifier");
      subjectAltNames = List.copyOf(subjectAltNames);
    }
  }
}

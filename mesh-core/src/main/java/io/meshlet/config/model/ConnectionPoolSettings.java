package io.meshlet.config.model;

import java.time.Duration;

/**
 * Connection and request limits toward an upstream service (Envoy circuit breakers). Despite the
 * name they are counted per destination cluster (host, port, subset) per client, not per endpoint.
 * Istio cannot tell an unset number from 0, so both mean the default.
 *
 * @param tcp limits common to TCP and HTTP connections
 * @param http limits for HTTP/1.1, HTTP/2 and gRPC
 */
public record ConnectionPoolSettings(TcpSettings tcp, HttpSettings http) {

  /** 2^32-1, Istio's "no limit" for the circuit-breaker thresholds. */
  public static final long UNLIMITED = 0xFFFF_FFFFL;

  /**
   * Limits common to TCP and HTTP upstream connections.
   *
   * @param maxConnections maximum connections to the destination; absent means 2^32-1
   * @param connectTimeout TCP connect timeout, at least 1ms; absent means the mesh default, 10s
   * @param tcpKeepalive enables {@code SO_KEEPALIVE} with these settings
   * @param maxConnectionDuration maximum lifetime of a connection; absent means none
   * @param idleTimeout close connections idle this long; absent means 1h, {@code 0s} disables
   */
  public record TcpSettings(
      Integer maxConnections,
      Duration connectTimeout,
      TcpKeepalive tcpKeepalive,
      Duration maxConnectionDuration,
      Duration idleTimeout) {

    /** The connection limit; default 2^32-1, unlimited. */
    public long maxConnectionsOrDefault() {
      return maxConnections == null || maxConnections <= 0 ? UNLIMITED : maxConnections;
    }

    /** The connect timeout; default 10s, the mesh default {@code connectTimeout}. */
    public Duration connectTimeoutOrDefault() {
      return connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    /** The idle timeout; default 1h; {@link Duration#ZERO} means disabled. */
    public Duration idleTimeoutOrDefault() {
      return idleTimeout == null ? Duration.ofHours(1) : idleTimeout;
    }

    /**
     * TCP keepalive probing; absent values use the operating system's settings.
     *
     * @param probes unanswered probes before the connection is dropped (Linux: 9)
     * @param time idle time before probing starts (Linux: 7200s)
     * @param interval time between probes (Linux: 75s)
     */
    public record TcpKeepalive(Integer probes, Duration time, Duration interval) {}
  }

  /**
   * Limits for HTTP/1.1, HTTP/2 and gRPC upstream traffic. Exceeding a request limit fails the
   * request at once with 503 and the {@code UO} flag.
   *
   * @param http1MaxPendingRequests requests queued while waiting for a connection (HTTP/1.1 and
   *     HTTP/2); absent means 2^32-1
   * @param http2MaxRequests maximum active requests (HTTP/1.1 and HTTP/2); absent means 2^32-1
   * @param maxRequestsPerConnection requests per connection; absent or 0 means unlimited, 1 disables
   *     keep-alive
   * @param maxRetries concurrent retries across all hosts; absent means 2^32-1
   * @param idleTimeout close connections without active requests for this long; absent means 1h
   * @param h2UpgradePolicy whether HTTP/1.1 connections are upgraded to HTTP/2
   * @param useClientProtocol use the client's protocol upstream; disables {@code h2UpgradePolicy}
   * @param maxConcurrentStreams streams per HTTP/2 connection; absent means 2^31-1
   * @param http2KeepAlive HTTP/2 PING keepalive for upstream connections
   */
  public record HttpSettings(
      Integer http1MaxPendingRequests,
      Integer http2MaxRequests,
      Integer maxRequestsPerConnection,
      Integer maxRetries,
      Duration idleTimeout,
      H2UpgradePolicy h2UpgradePolicy,
      Boolean useClientProtocol,
      Integer maxConcurrentStreams,
      ConnectionKeepalive http2KeepAlive) {

    /** The pending-request limit; default 2^32-1, unlimited. */
    public long http1MaxPendingRequestsOrDefault() {
      return http1MaxPendingRequests == null || http1MaxPendingRequests <= 0
          ? UNLIMITED : http1MaxPendingRequests;
    }

    /** The active-request limit; default 2^32-1, unlimited. */
    public long http2MaxRequestsOrDefault() {
      return http2MaxRequests == null || http2MaxRequests <= 0 ? UNLIMITED : http2MaxRequests;
    }

    /** The requests allowed per connection; default 0, unlimited. */
    public int maxRequestsPerConnectionOrDefault() {
      return maxRequestsPerConnection == null || maxRequestsPerConnection < 0
          ? 0 : maxRequestsPerConnection;
    }

    /** The concurrent-retry limit; default 2^32-1 (Istio's, not Envoy's 3). */
    public long maxRetriesOrDefault() {
      return maxRetries == null || maxRetries <= 0 ? UNLIMITED : maxRetries;
    }

    /** The idle timeout; default 1h. */
    public Duration idleTimeoutOrDefault() {
      return idleTimeout == null ? Duration.ofHours(1) : idleTimeout;
    }

    /** The upgrade policy; default {@code DEFAULT}, the mesh-wide setting. */
    public H2UpgradePolicy h2UpgradePolicyOrDefault() {
      return h2UpgradePolicy == null ? H2UpgradePolicy.DEFAULT : h2UpgradePolicy;
    }

    /** Whether the client's protocol is used upstream; default false. */
    public boolean useClientProtocolOrDefault() {
      return Boolean.TRUE.equals(useClientProtocol);
    }

    /** The HTTP/2 stream limit per connection; default 2^31-1. */
    public int maxConcurrentStreamsOrDefault() {
      return maxConcurrentStreams == null || maxConcurrentStreams <= 0
          ? Integer.MAX_VALUE : maxConcurrentStreams;
    }

    /** Whether HTTP/1.1 connections are upgraded to HTTP/2. */
    public enum H2UpgradePolicy {
      /** Use the mesh-wide setting. */
      DEFAULT,
      /** Never upgrade. */
      DO_NOT_UPGRADE,
      /** Always upgrade. */
      UPGRADE
    }

    /**
     * HTTP/2 PING keepalive; both fields are required when the block is set.
     *
     * @param interval time between PING frames
     * @param timeout how long to wait for a PING response before closing the connection
     */
    public record ConnectionKeepalive(Duration interval, Duration timeout) {}
  }
}

package io.meshlet.config.model;

import java.time.Duration;
import java.util.List;

/**
 * Load-balancing policy for a destination: one of a simple algorithm, consistent hashing or
 * backend-utilization weighting, plus locality or zone-aware settings and slow-start warmup.
 *
 * @param simple a simple algorithm; absent or {@code UNSPECIFIED} means Istio's default,
 *     {@code LEAST_REQUEST}
 * @param consistentHash soft session affinity by hashing a request property
 * @param backendUtilization weighting by utilization the endpoints report (ORCA)
 * @param localityLbSetting locality-weighted or failover settings; replaces the mesh-wide setting
 *     entirely; exclusive with {@code zoneAwareLbSetting}
 * @param zoneAwareLbSetting zone-aware routing settings; replaces the mesh-wide setting entirely
 * @param warmupDurationSecs deprecated slow-start window; copied into {@code warmup} when that is
 *     absent
 * @param warmup slow-start for new endpoints; {@code ROUND_ROBIN} and {@code LEAST_REQUEST} only
 */
// javac 17 reports @Deprecated on a record component as having no effect on the constructor
// parameter it propagates to; the annotation is meant for the component and its accessor.
@SuppressWarnings("deprecation")
public record LoadBalancerSettings(
    SimpleLB simple,
    ConsistentHashLB consistentHash,
    BackendUtilizationLB backendUtilization,
    LocalityLoadBalancerSetting localityLbSetting,
    ZoneAwareLoadBalancerSetting zoneAwareLbSetting,
    @Deprecated Duration warmupDurationSecs,
    WarmupConfiguration warmup) {

  public LoadBalancerSettings {
    // Istio's cluster builder falls back to the old duration when warmup is absent; both are kept
    // so that a serialised record reads back equal.
    if (warmup == null && warmupDurationSecs != null) {
      warmup = new WarmupConfiguration(warmupDurationSecs, null, null);
    }
  }

  /** A policy with just a simple algorithm. */
  public static LoadBalancerSettings of(SimpleLB simple) {
    return new LoadBalancerSettings(simple, null, null, null, null, null, null);
  }

  /**
   * The simple algorithm in effect; default {@code LEAST_REQUEST}, which Istio also uses for
   * {@code UNSPECIFIED} and the deprecated {@code LEAST_CONN}. Meaningful only when neither
   * {@code consistentHash} nor {@code backendUtilization} is set.
   */
  public SimpleLB simpleOrDefault() {
    if (simple == null || simple == SimpleLB.UNSPECIFIED || simple == SimpleLB.LEAST_CONN) {
      return SimpleLB.LEAST_REQUEST;
    }
    return simple;
  }

  /** Load-balancing algorithms that need no tuning. */
  public enum SimpleLB {
    /** Not set: Istio picks {@link #LEAST_REQUEST}. */
    UNSPECIFIED,
    /** Deprecated alias of {@link #LEAST_REQUEST}. */
    @Deprecated
    LEAST_CONN,
    /** A uniformly random healthy host. */
    RANDOM,
    /** The original destination address, without load balancing. */
    PASSTHROUGH,
    /** Weighted round robin. */
    ROUND_ROBIN,
    /** Two random hosts, the one with fewer active requests wins (weighted when weights differ). */
    LEAST_REQUEST
  }

  /**
   * Consistent hashing for soft session affinity: one hash key and one algorithm. Affinity for about
   * {@code 1/N} of the keys is lost whenever a host is added or removed, and a missing key hashes
   * randomly.
   *
   * @param httpHeaderName hash a request header
   * @param httpCookie hash a cookie, generating it when absent and a ttl is set
   * @param useSourceIp hash the source IP (TCP and HTTP)
   * @param httpQueryParameterName hash a query parameter
   * @param ringHash ring hash; the default algorithm
   * @param maglev Maglev
   * @param minimumRingSize deprecated ring size; copied into {@code ringHash} when no algorithm is set
   */
  // javac 17 reports @Deprecated on a record component as having no effect on the constructor
  // parameter it propagates to; the annotation is meant for the component and its accessor.
  @SuppressWarnings("deprecation")
  public record ConsistentHashLB(
      String httpHeaderName,
      HttpCookie httpCookie,
      Boolean useSourceIp,
      String httpQueryParameterName,
      RingHash ringHash,
      MagLev maglev,
      @Deprecated Long minimumRingSize) {

    public ConsistentHashLB {
      // Istio applies the old field only when neither algorithm is chosen; both are kept so that a
      // serialised record reads back equal.
      if (ringHash == null && maglev == null && minimumRingSize != null) {
        ringHash = new RingHash(minimumRingSize);
      }
    }

    /**
     * Ring hash ("ketama"): hosts are placed on a ring in proportion to their weight.
     *
     * @param minimumRingSize minimum number of virtual nodes; absent means 1024
     */
    public record RingHash(Long minimumRingSize) {

      /** The minimum ring size; default 1024 (protobuf zero reads as unset). */
      public long minimumRingSizeOrDefault() {
        return minimumRingSize == null || minimumRingSize == 0 ? 1024 : minimumRingSize;
      }
    }

    /**
     * Maglev hashing: faster than ring hash, but about twice as many keys move when hosts change.
     *
     * @param tableSize lookup table size, a prime below 5000011; absent means 65537
     */
    public record MagLev(Long tableSize) {

      /** The table size; default 65537 (protobuf zero reads as unset). */
      public long tableSizeOrDefault() {
        return tableSize == null || tableSize == 0 ? 65537 : tableSize;
      }
    }

    /**
     * A cookie used as the hash key. With a ttl the proxy generates the cookie when it is missing;
     * a zero ttl makes it a session cookie.
     *
     * @param name the cookie name, required
     * @param path the cookie path
     * @param ttl the cookie lifetime
     * @param attributes extra attributes for a generated cookie
     */
    public record HttpCookie(String name, String path, Duration ttl, List<Attribute> attributes) {
      public HttpCookie {
        attributes = Copies.list(attributes);
      }

      /**
       * An extra attribute of a generated cookie, such as {@code SameSite=Strict}.
       *
       * @param name the attribute name, required
       * @param value the attribute value, if any
       */
      public record Attribute(String name, String value) {}
    }
  }

  /**
   * Weighting by utilization the endpoints report through ORCA (Envoy's client-side weighted round
   * robin): busier endpoints receive fewer requests; endpoints without reports get equal weight.
   *
   * @param weightStabilizationPeriod how long after an endpoint's first report its weight is trusted;
   *     absent means 10s
   * @param weightExpirationPeriod how long without reports before a weight is discarded; absent
   *     means 3m
   * @param weightUpdatePeriod how often weights are recomputed, at least 100ms; absent means 1s
   * @param errorUtilizationPenaltyPercent extra weight given to error rate, as a percentage of
   *     utilization; 0 disables it
   * @param metricNamesForComputingUtilization custom ORCA metrics ({@code named_metrics.foo}); absent
   *     means {@code application_utilization}
   */
  public record BackendUtilizationLB(
      Duration weightStabilizationPeriod,
      Duration weightExpirationPeriod,
      Duration weightUpdatePeriod,
      Integer errorUtilizationPenaltyPercent,
      List<String> metricNamesForComputingUtilization) {

    public BackendUtilizationLB {
      metricNamesForComputingUtilization = Copies.list(metricNamesForComputingUtilization);
    }

    /** The stabilization period; default 10s. */
    public Duration weightStabilizationPeriodOrDefault() {
      return weightStabilizationPeriod == null ? Duration.ofSeconds(10) : weightStabilizationPeriod;
    }

    /** The expiration period; default 3m. */
    public Duration weightExpirationPeriodOrDefault() {
      return weightExpirationPeriod == null ? Duration.ofMinutes(3) : weightExpirationPeriod;
    }

    /** The update period; default 1s. */
    public Duration weightUpdatePeriodOrDefault() {
      return weightUpdatePeriod == null ? Duration.ofSeconds(1) : weightUpdatePeriod;
    }

    /** The error penalty; default 0, disabled. */
    public int errorUtilizationPenaltyPercentOrDefault() {
      return errorUtilizationPenaltyPercent == null ? 0 : errorUtilizationPenaltyPercent;
    }
  }
}

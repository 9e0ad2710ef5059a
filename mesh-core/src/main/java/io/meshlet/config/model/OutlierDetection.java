package io.meshlet.config.model;

import java.time.Duration;
import java.util.List;

/**
 * Per-endpoint ejection of failing hosts from the load-balancing pool (Envoy outlier detection).
 * Without this block there is no outlier detection at all. Ejection time is
 * {@code baseEjectionTime} times the number of ejections of that host.
 *
 * @param consecutiveErrors deprecated; copied into {@code consecutiveGatewayErrors} when that is
 *     absent (see the constructor)
 * @param interval time between ejection sweeps; absent means 10s
 * @param baseEjectionTime minimum ejection duration; absent means 30s
 * @param maxEjectionPercent most of the pool that may be ejected; absent means 10
 * @param minHealthPercent panic threshold; absent means 0, panic mode off
 * @param consecutiveGatewayErrors consecutive 502/503/504 (and local failures unless split) before
 *     ejection; absent or 0 means disabled
 * @param consecutive5xxErrors consecutive 5xx (and local failures unless split) before ejection;
 *     absent means 5, 0 disables
 * @param splitExternalLocalOriginErrors count local failures (connect errors, resets, timeouts)
 *     separately from upstream status codes; absent means false
 * @param consecutiveLocalOriginFailures consecutive local failures before ejection when split;
 *     absent means 5
 * @param outlierDetectionHttpErrorCodes status codes (100–599) that count as errors instead of 5xx
 * @param failurePercentageThreshold failure percentage over an interval at or above which a host is
 *     ejected, whether or not failures are consecutive
 */
// javac 17 reports @Deprecated on a record component as having no effect on the constructor
// parameter it propagates to; the annotation is meant for the component and its accessor.
@SuppressWarnings("deprecation")
public record OutlierDetection(
    @Deprecated Integer consecutiveErrors,
    Duration interval,
    Duration baseEjectionTime,
    Integer maxEjectionPercent,
    Integer minHealthPercent,
    Integer consecutiveGatewayErrors,
    Integer consecutive5xxErrors,
    Boolean splitExternalLocalOriginErrors,
    Integer consecutiveLocalOriginFailures,
    List<Integer> outlierDetectionHttpErrorCodes,
    Integer failurePercentageThreshold) {

  public OutlierDetection {
    outlierDetectionHttpErrorCodes = Copies.list(outlierDetectionHttpErrorCodes);
    // Istio translated consecutiveErrors into Envoy's consecutive_gateway_failure and switched
    // 5xx enforcement off ("Only listen to gateway errors, see istio/api#617": applyOutlierDetection
    // in istio/istio pilot/pkg/networking/core/v1alpha3/cluster.go, 1.1-1.8). Current master no
    // longer reads the field. Both fields are kept so that a serialised record reads back equal.
    if (consecutiveGatewayErrors == null && consecutiveErrors != null && consecutiveErrors > 0) {
      consecutiveGatewayErrors = consecutiveErrors;
    }
  }

  /**
   * The consecutive-5xx threshold; default 5, 0 disables. When only the deprecated
   * {@code consecutiveErrors} is set the default is 0, as Istio disabled 5xx ejection for it.
   */
  public int consecutive5xxErrorsOrDefault() {
    if (consecutive5xxErrors != null) {
      return consecutive5xxErrors;
    }
    return consecutiveErrors != null && consecutiveErrors > 0 ? 0 : 5;
  }

  /** The consecutive-gateway-error threshold; default 0, disabled. */
  public int consecutiveGatewayErrorsOrDefault() {
    return consecutiveGatewayErrors == null ? 0 : consecutiveGatewayErrors;
  }

  /** The consecutive local-failure threshold in split mode; default 5. */
  public int consecutiveLocalOriginFailuresOrDefault() {
    return consecutiveLocalOriginFailures == null ? 5 : consecutiveLocalOriginFailures;
  }

  /** Whether local failures are counted separately; default false. */
  public boolean splitExternalLocalOriginErrorsOrDefault() {
    return Boolean.TRUE.equals(splitExternalLocalOriginErrors);
  }

  /** The sweep interval; default 10s. */
  public Duration intervalOrDefault() {
    return interval == null ? Duration.ofSeconds(10) : interval;
  }

  /** The base ejection time; default 30s. */
  public Duration baseEjectionTimeOrDefault() {
    return baseEjectionTime == null ? Duration.ofSeconds(30) : baseEjectionTime;
  }

  /** The maximum ejected share of the pool; default 10% (Istio cannot tell 0 from unset). */
  public int maxEjectionPercentOrDefault() {
    return maxEjectionPercent == null || maxEjectionPercent <= 0 ? 10 : maxEjectionPercent;
  }

  /** The panic threshold; default 0, so the pool never panics. */
  public int minHealthPercentOrDefault() {
    return minHealthPercent == null ? 0 : minHealthPercent;
  }

  /**
   * The failure-percentage threshold; default 85 (Envoy's). Failure-percentage ejection is enforced
   * only when the field is set, as Envoy's {@code enforcing_failure_percentage} defaults to 0.
   */
  public int failurePercentageThresholdOrDefault() {
    return failurePercentageThreshold == null ? 85 : failurePercentageThreshold;
  }
}

package io.meshlet.config.model;

import java.time.Duration;

/**
 * Faults injected on the client side before the request is forwarded: a delay, an abort, or both.
 * The delay is decided and waited out first, then the abort; the two percentages are independent.
 * An aborted request reaches no upstream, so it is neither retried nor counted by outlier detection.
 *
 * @param delay delay requests before forwarding them
 * @param abort abort requests and return an error to the caller
 */
public record HttpFaultInjection(Delay delay, Abort abort) {

  private static final Percent NONE = Percent.of(0);

  /**
   * A delay before the request is forwarded. It does not count toward the route timeout.
   *
   * @param percent deprecated integer share, copied into {@code percentage} when that is absent
   * @param fixedDelay the delay, at least 1ms
   * @param exponentialDelay exponential delay; accepted by Istio's schema but not implemented
   * @param percentage share of requests delayed; absent means 0%, the delay never happens
   */
  // javac 17 reports @Deprecated on a record component as having no effect on the constructor
  // parameter it propagates to; the annotation is meant for the component and its accessor.
  @SuppressWarnings("deprecation")
  public record Delay(
      @Deprecated Integer percent,
      Duration fixedDelay,
      Duration exponentialDelay,
      Percent percentage) {

    public Delay {
      // Istio uses the integer percent only when percentage is absent; both are kept so that a
      // serialised record reads back equal.
      if (percentage == null && percent != null) {
        percentage = Percent.of(percent);
      }
    }

    /** The share of requests delayed; default 0%, so a delay without a percentage never fires. */
    public Percent percentageOrDefault() {
      return percentage == null ? NONE : percentage;
    }
  }

  /**
   * An abort: the request is answered with an error instead of being forwarded. Exactly one of
   * {@code httpStatus}, {@code grpcStatus} and {@code http2Error} is set.
   *
   * @param httpStatus the HTTP status to return, 200–599
   * @param grpcStatus the gRPC status name to return, such as {@code UNAVAILABLE}
   * @param http2Error HTTP/2 error; accepted by Istio's schema but not implemented
   * @param percentage share of requests aborted; absent means 0%, the abort never happens
   */
  public record Abort(Integer httpStatus, String grpcStatus, String http2Error, Percent percentage) {

    /** The share of requests aborted; default 0%, so an abort without a percentage never fires. */
    public Percent percentageOrDefault() {
      return percentage == null ? NONE : percentage;
    }
  }
}

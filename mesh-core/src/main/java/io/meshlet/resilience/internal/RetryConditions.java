package io.meshlet.resilience.internal;

import io.meshlet.MeshRequest;
import io.meshlet.resilience.FailureKind;
import io.meshlet.resilience.UpstreamResponse;
import io.meshlet.route.RetryOn;
import io.meshlet.route.RetryPolicy;
import java.util.Set;

/** Envoy's {@code retry_on} semantics: whether an attempt's outcome may be retried under a policy. */
public final class RetryConditions {
  private RetryConditions() {}

  /** Whether a response with these headers may be retried. */
  public static boolean retriable(RetryPolicy policy, MeshRequest request, UpstreamResponse response) {
    Set<RetryOn> on = policy.retryOn();
    int status = response.status();
    if (on.contains(RetryOn.FIVE_XX) && status >= 500 && status <= 599) {
      return true;
    }
    if (on.contains(RetryOn.GATEWAY_ERROR) && (status == 502 || status == 503 || status == 504)) {
      return true;
    }
    if (on.contains(RetryOn.RETRIABLE_4XX) && status == 409) {
      return true;
    }
    Set<Integer> codes = policy.retriableStatusCodes();
    if (!codes.isEmpty() && on.contains(RetryOn.RETRIABLE_STATUS_CODES) && codes.contains(status)) {
      return true;
    }
    if (on.contains(RetryOn.ENVOY_RATELIMITED) && response.header("x-envoy-ratelimited") != null) {
      return true;
    }
    if (on.contains(RetryOn.RETRIABLE_HEADERS) && hasRetriableHeader(request, response)) {
      return true;
    }
    return grpcRetriable(on, response.header("grpc-status"));
  }

  /**
   * Whether a failure without response headers may be retried. {@code 5xx} and {@code gateway-error}
   * cover every reset, connect failure and per-try timeout (Envoy answers those with 503/504 itself);
   * the narrower conditions cover only their own kind.
   */
  public static boolean retriable(RetryPolicy policy, FailureKind kind) {
    Set<RetryOn> on = policy.retryOn();
    if (on.contains(RetryOn.FIVE_XX) || on.contains(RetryOn.GATEWAY_ERROR)) {
      return true;
    }
    return switch (kind) {
      case CONNECT_FAILURE, DNS_FAILURE -> on.contains(RetryOn.CONNECT_FAILURE)
          || on.contains(RetryOn.RESET) || on.contains(RetryOn.RESET_BEFORE_REQUEST);
      case RESET_BEFORE_REQUEST -> on.contains(RetryOn.RESET) || on.contains(RetryOn.RESET_BEFORE_REQUEST);
      case RESET -> on.contains(RetryOn.RESET);
      case REFUSED_STREAM -> on.contains(RetryOn.REFUSED_STREAM) || on.contains(RetryOn.RESET);
      // A per-try timeout is retried only under 5xx or gateway-error (istio/istio#55748).
      case TIMEOUT -> false;
    };
  }

  /** Retry N (1-based) waits a random time in [0, min((2^N - 1) * base, max)), Envoy's fully jittered back-off. */
  public static long backoffNanos(RetryPolicy policy, int retry, double random) {
    long base = policy.backoffBase().toNanos();
    long max = policy.backoffMax().toNanos();
    long upper = retry >= 62 ? max : Math.min(max, ((1L << retry) - 1) * base);
    return (long) (random * Math.max(0, upper));
  }

  private static boolean hasRetriableHeader(MeshRequest request, UpstreamResponse response) {
    String names = request.header("x-envoy-retriable-header-names");
    if (names == null) {
      return false;
    }
    for (String name : names.split(",")) {
      String n = name.trim();
      if (!n.isEmpty() && response.header(n) != null) {
        return true;
      }
    }
    return false;
  }

  private static boolean grpcRetriable(Set<RetryOn> on, String grpcStatus) {
    if (grpcStatus == null) {
      return false;
    }
    return switch (grpcStatus.trim()) {
      case "1" -> on.contains(RetryOn.CANCELLED);
      case "4" -> on.contains(RetryOn.DEADLINE_EXCEEDED);
      case "8" -> on.contains(RetryOn.RESOURCE_EXHAUSTED);
      case "13" -> on.contains(RetryOn.INTERNAL);
      case "14" -> on.contains(RetryOn.UNAVAILABLE);
      default -> false;
    };
  }
}

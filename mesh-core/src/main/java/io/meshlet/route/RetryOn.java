package io.meshlet.route;

/**
 * A retry condition, as Envoy's {@code x-envoy-retry-on} and {@code x-envoy-retry-grpc-on} name it
 * and Istio's {@code retryOn} lists it. HTTP status codes in {@code retryOn} are not conditions; they
 * go to {@link RetryPolicy#retriableStatusCodes()} and add {@link #RETRIABLE_STATUS_CODES}.
 */
public enum RetryOn {
  /** Any 5xx response, and connect failures, resets and per-try timeouts. */
  FIVE_XX("5xx"),
  /** 502, 503 or 504, and per-try timeouts. */
  GATEWAY_ERROR("gateway-error"),
  /** The upstream did not answer: disconnect, reset, read timeout. */
  RESET("reset"),
  /** A reset before any byte of the request was sent upstream (safe for any method). */
  RESET_BEFORE_REQUEST("reset-before-request"),
  /** The connection to the upstream could not be made. */
  CONNECT_FAILURE("connect-failure"),
  /** 409 Conflict. */
  RETRIABLE_4XX("retriable-4xx"),
  /** HTTP/2 REFUSED_STREAM from the upstream. */
  REFUSED_STREAM("refused-stream"),
  /** A status listed in {@link RetryPolicy#retriableStatusCodes()}. */
  RETRIABLE_STATUS_CODES("retriable-status-codes"),
  /** A response header named in Envoy's {@code retriable_headers} (Istio sets none). */
  RETRIABLE_HEADERS("retriable-headers"),
  /** The upstream answered with {@code x-envoy-ratelimited}. */
  ENVOY_RATELIMITED("envoy-ratelimited"),
  /** An HTTP/3 failure after the connection was made. */
  HTTP3_POST_CONNECT_FAILURE("http3-post-connect-failure"),
  /** gRPC status CANCELLED in the response headers. */
  CANCELLED("cancelled"),
  /** gRPC status DEADLINE_EXCEEDED in the response headers. */
  DEADLINE_EXCEEDED("deadline-exceeded"),
  /** gRPC status INTERNAL in the response headers. */
  INTERNAL("internal"),
  /** gRPC status RESOURCE_EXHAUSTED in the response headers. */
  RESOURCE_EXHAUSTED("resource-exhausted"),
  /** gRPC status UNAVAILABLE in the response headers. */
  UNAVAILABLE("unavailable");

  private final String token;

  RetryOn(String token) {
    this.token = token;
  }

  /** The token as written in {@code retryOn}, for example {@code connect-failure}. */
  public String token() {
    return token;
  }

  /** True for the conditions read from {@code grpc-status}. */
  public boolean isGrpc() {
    return this == CANCELLED || this == DEADLINE_EXCEEDED || this == INTERNAL || this == RESOURCE_EXHAUSTED
        || this == UNAVAILABLE;
  }

  /** The condition for a {@code retryOn} token (exact, lower-case), or null if there is none. */
  public static RetryOn fromToken(String token) {
    for (RetryOn r : values()) {
      if (r.token.equals(token)) {
        return r;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return token;
  }
}

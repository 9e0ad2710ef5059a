package io.meshlet;

/**
 * Envoy's {@code %RESPONSE_FLAGS%}: why a request ended the way it did. Every outcome the mesh
 * produces carries these, in metrics ({@code response_flags}) and the access log, so Istio
 * dashboards and habits keep working. Several flags are joined with commas in this (Envoy's) order;
 * none is {@code -}.
 */
public enum ResponseFlag {
  /** No healthy upstream endpoint (503). */
  NO_HEALTHY_UPSTREAM("UH"),
  /** Connecting to the upstream failed (503). */
  UPSTREAM_CONNECTION_FAILURE("UF"),
  /** A circuit breaker (connection-pool limit) overflowed (503). */
  UPSTREAM_OVERFLOW("UO"),
  /** No route matched the request (404). */
  NO_ROUTE_FOUND("NR"),
  /** The retry limit was reached; the last upstream answer is returned. */
  UPSTREAM_RETRY_LIMIT_EXCEEDED("URX"),
  /** The destination cluster does not exist, for example a subset no DestinationRule defines (503). */
  NO_CLUSTER_FOUND("NC"),
  /** The downstream (the caller) cancelled or disconnected. */
  DOWNSTREAM_CONNECTION_TERMINATION("DC"),
  /** The upstream did not answer in time (504). */
  UPSTREAM_REQUEST_TIMEOUT("UT"),
  /** The request was reset locally (503). */
  LOCAL_RESET("LR"),
  /** The upstream reset the stream (503). */
  UPSTREAM_REMOTE_RESET("UR"),
  /** The upstream connection was closed before a response (503). */
  UPSTREAM_CONNECTION_TERMINATION("UC"),
  /** A fault-injection delay was applied. */
  DELAY_INJECTED("DI"),
  /** A fault-injection abort answered the request. */
  FAULT_INJECTED("FI"),
  /** The upstream host name could not be resolved. */
  DNS_RESOLUTION_FAILURE("DF");

  private final String code;

  ResponseFlag(String code) {
    this.code = code;
  }

  /** Envoy's short code, for example {@code UH}. */
  public String code() {
    return code;
  }

  @Override
  public String toString() {
    return code;
  }

  /** Envoy's rendering of a set of flags: codes joined by commas in declaration order, or {@code -}. */
  public static String format(java.util.Set<ResponseFlag> flags) {
    if (flags.isEmpty()) {
      return "-";
    }
    StringBuilder out = new StringBuilder();
    for (ResponseFlag f : values()) {
      if (flags.contains(f)) {
        if (out.length() > 0) {
          out.append(',');
        }
        out.append(f.code);
      }
    }
    return out.toString();
  }
}

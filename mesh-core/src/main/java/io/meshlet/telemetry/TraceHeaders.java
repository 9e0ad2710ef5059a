package io.meshlet.telemetry;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request identity and trace context as Istio handles them: {@code x-request-id} is generated when
 * absent; W3C {@code traceparent}/{@code tracestate}, B3 and {@code baggage} are passed through
 * untouched (the mesh copies every request header), except on mirrored requests, which are marked
 * not sampled.
 */
public final class TraceHeaders {
  /** The headers Istio asks applications to forward (istio.io distributed-tracing overview). */
  public static final List<String> PROPAGATED = List.of(
      "x-request-id", "traceparent", "tracestate", "baggage", "x-b3-traceid", "x-b3-spanid",
      "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags", "b3", "x-ot-span-context", "x-cloud-trace-context",
      "grpc-trace-bin");

  private TraceHeaders() {}

  /**
   * A random (version 4) UUID in its usual text form, as Envoy generates for {@code x-request-id}:
   * from {@link ThreadLocalRandom} (no SecureRandom contention), formatted by {@link UUID#toString},
   * which writes the text once without an intermediate copy.
   */
  public static String newRequestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(hi, lo).toString();
  }

  /** {@code traceparent} with its sampled flag cleared ({@code -00}), or the value unchanged if malformed. */
  public static String unsampledTraceparent(String traceparent) {
    // version-traceid-parentid-flags: 2+1+32+1+16+1+2 = 55 characters
    if (traceparent == null || traceparent.length() < 55 || traceparent.charAt(52) != '-') {
      return traceparent;
    }
    int flags = Integer.parseInt(traceparent.substring(53, 55), 16) & ~1;
    return traceparent.substring(0, 53) + String.format("%02x", flags);
  }

  /** Single-header {@code b3} with its sampling state set to {@code 0}. */
  public static String unsampledB3(String b3) {
    if (b3 == null) {
      return null;
    }
    String[] parts = b3.split("-");
    if (parts.length == 1) {
      return "0";
    }
    if (parts.length >= 3) {
      parts[2] = "0";
      return String.join("-", parts);
    }
    return b3 + "-0";
  }
}

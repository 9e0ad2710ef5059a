package io.meshlet.resilience;

import java.util.List;
import java.util.Locale;

/** gRPC status names and codes, for fault aborts given as {@code grpcStatus: "UNAVAILABLE"}. */
final class GrpcStatus {
  private static final List<String> NAMES = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
      "UNAUTHENTICATED");

  private GrpcStatus() {}

  /** The numeric code of a status name; 2 (UNKNOWN) for a name gRPC does not define. */
  static int code(String name) {
    int i = NAMES.indexOf(name.toUpperCase(Locale.ROOT));
    return i < 0 ? 2 : i;
  }
}

package io.meshlet.telemetry;

import io.meshlet.ResponseFlag;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.cluster.UpstreamEndpoint;
import java.util.Set;

/**
 * What happened to one outbound request, as Istio's telemetry reports it: the source of the
 * {@code istio_*} metrics and the access-log line.
 *
 * @param startMillis wall-clock start, epoch milliseconds
 * @param durationNanos from the request reaching the mesh to the response completing
 * @param method request method
 * @param path the original path (before rewrites), with query
 * @param protocol {@code HTTP/1.1} or {@code HTTP/2}
 * @param authority the original {@code :authority}
 * @param requestId {@code x-request-id}
 * @param userAgent {@code user-agent}, or null
 * @param forwardedFor {@code x-forwarded-for}, or null
 * @param responseCode the status returned to the caller; 0 when there was no response
 * @param flags Envoy response flags
 * @param requestBytes request body bytes sent
 * @param responseBytes response body bytes received
 * @param destination the destination service and workload, for the {@code destination_*} labels
 * @param endpoint the last endpoint tried, or null
 * @param cluster the destination cluster, or null (passthrough, blocked, no route)
 * @param routeName the matched route's name, or null
 * @param grpc true when the request was gRPC ({@code request_protocol="grpc"})
 * @param grpcStatus the {@code grpc-status} of the response, or null
 * @param upstreamServiceTimeMillis time spent on the upstream attempt that answered, or -1
 */
public record RequestRecord(
    long startMillis,
    long durationNanos,
    String method,
    String path,
    String protocol,
    String authority,
    String requestId,
    String userAgent,
    String forwardedFor,
    int responseCode,
    Set<ResponseFlag> flags,
    long requestBytes,
    long responseBytes,
    Destination destination,
    UpstreamEndpoint endpoint,
    ClusterKey cluster,
    String routeName,
    boolean grpc,
    String grpcStatus,
    long upstreamServiceTimeMillis) {

  public RequestRecord {
    flags = Set.copyOf(flags);
  }

  /** {@code %UPSTREAM_HOST%}: {@code ip:port} of the last endpoint tried, or null. */
  public String upstreamHost() {
    return endpoint == null ? null : endpoint.authority();
  }

  /**
   * {@code %UPSTREAM_CLUSTER%}: Envoy's cluster name ({@code outbound|9080|v1|reviews...}),
   * {@code PassthroughCluster} or {@code BlackHoleCluster}, or null. Formatted on demand: only the
   * access log reads it.
   */
  public String upstreamCluster() {
    if (cluster != null) {
      return cluster.toString();
    }
    String service = destination.service();
    return service.equals("PassthroughCluster") || service.equals("BlackHoleCluster") ? service : null;
  }

  /** {@code response_flags}: Envoy's comma-joined codes, or {@code -}. */
  public String responseFlags() {
    return ResponseFlag.format(flags);
  }

  /**
   * The {@code destination_*} side of a request.
   *
   * @param service FQDN ({@code destination_service}); {@code unknown}, {@code PassthroughCluster} or
   *     {@code BlackHoleCluster} when there is no mesh service
   * @param serviceName {@code destination_service_name}
   * @param serviceNamespace {@code destination_service_namespace}
   * @param workload {@code destination_workload}
   * @param app {@code destination_app}
   * @param version {@code destination_version}: the picked endpoint's {@code version} label
   * @param canonicalService {@code destination_canonical_service}
   * @param canonicalRevision {@code destination_canonical_revision}
   * @param principal {@code destination_principal}
   */
  public record Destination(
      String service,
      String serviceName,
      String serviceNamespace,
      String workload,
      String app,
      String version,
      String canonicalService,
      String canonicalRevision,
      String principal) {

    /** Everything {@code unknown}, for requests that reached no mesh service. */
    public static Destination unknown(String service) {
      return new Destination(service, service, "unknown", "unknown", "unknown", "unknown", "unknown", "latest",
          "unknown");
    }
  }
}

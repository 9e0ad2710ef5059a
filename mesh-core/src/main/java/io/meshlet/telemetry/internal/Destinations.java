package io.meshlet.telemetry.internal;

import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.config.model.ClientTlsSettings;
import io.meshlet.telemetry.RequestRecord.Destination;
import java.util.Map;

/**
 * The {@code destination_*} labels of a request, derived as Istio derives them from the service and
 * the picked endpoint's labels: {@code version} gives {@code destination_version}, {@code app} the
 * app, Istio's canonical-service labels the canonical names; a workload name comes from
 * {@code service.istio.io/workload-name}, else {@code app-version}.
 */
public final class Destinations {
  private Destinations() {}

  /** Labels for a request sent to {@code cluster} (may be null) and, when one was picked, {@code endpoint}. */
  public static Destination of(String host, Cluster cluster, UpstreamEndpoint endpoint) {
    if (host == null) {
      return Destination.unknown("unknown");
    }
    String namespace = cluster != null && cluster.service() != null ? cluster.service().namespace() : namespaceOf(host);
    String serviceName = host.contains(".svc.") ? host.substring(0, host.indexOf('.')) : host;
    Map<String, String> labels = endpoint == null ? Map.of() : endpoint.labels();
    String app = labels.getOrDefault("app", labels.getOrDefault("app.kubernetes.io/name", "unknown"));
    String version = labels.getOrDefault("version", labels.getOrDefault("app.kubernetes.io/version", "unknown"));
    String workload = labels.get("service.istio.io/workload-name");
    if (workload == null) {
      workload = endpoint == null || app.equals("unknown") ? "unknown" : version.equals("unknown") ? app : app + "-" + version;
    }
    String canonicalService = labels.getOrDefault("service.istio.io/canonical-name",
        app.equals("unknown") ? serviceName : app);
    String canonicalRevision = labels.getOrDefault("service.istio.io/canonical-revision",
        version.equals("unknown") ? "latest" : version);
    String principal = "unknown";
    if (endpoint != null && !endpoint.serviceAccount().isEmpty() && cluster != null && cluster.policy().tls() != null
        && cluster.policy().tls().mode() == ClientTlsSettings.Mode.ISTIO_MUTUAL) {
      principal = "spiffe://cluster.local/ns/" + namespace + "/sa/" + endpoint.serviceAccount();
    }
    return new Destination(host, serviceName, namespace, workload, app, version, canonicalService, canonicalRevision,
        principal);
  }

  private static String namespaceOf(String host) {
    int svc = host.indexOf(".svc.");
    if (svc > 0) {
      int dot = host.indexOf('.');
      if (dot < svc) {
        return host.substring(dot + 1, svc);
      }
    }
    return "unknown";
  }
}

package io.meshlet.config.internal;

import static io.meshlet.config.internal.TrafficPolicyValidator.set;

import io.meshlet.config.model.IstioIngressListener;
import io.meshlet.config.model.ServerTlsSettings;
import io.meshlet.config.model.ServerTlsSettings.Mode;
import io.meshlet.config.model.SidecarPort;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Istio's validation of Sidecar ingress listeners: port, bind, default endpoint, TLS termination
 * and connection pool. Meshlet does not apply them yet, which the listener list is warned about.
 */
final class SidecarIngress {
  private static final Set<String> LOOPBACK_OR_ANY = Set.of("", "127.0.0.1", "0.0.0.0", "::1", "::");

  private SidecarIngress() {}

  static void validate(List<IstioIngressListener> listeners, String path, Problems p) {
    if (!listeners.isEmpty()) {
      p.warning(path, "is not applied yet: Meshlet manages outbound calls only; inbound ports, default "
          + "endpoints and TLS termination stay with the server");
    }
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < listeners.size(); i++) {
      IstioIngressListener listener = listeners.get(i);
      String itemPath = Paths.index(path, i);
      SidecarPort port = listener.port();
      String portPath = Paths.field(itemPath, "port");
      if (port == null) {
        p.error(portPath, "required: the port the workload receives traffic on");
        continue;
      }
      if (port.targetPort() != null && port.targetPort() > 0) {
        p.error(Paths.field(portPath, "targetPort"), "has no effect in a Sidecar; remove it");
      }
      if (set(port.name())) {
        SidecarValidator.report(ServiceEntryRules.portNameProblem(port.name()), Paths.field(portPath, "name"), p);
      }
      if (set(port.protocol())) {
        SidecarValidator.report(ServiceEntryRules.protocolProblem(port.protocol()),
            Paths.field(portPath, "protocol"), p);
      }
      String numberPath = Paths.field(portPath, "number");
      if (port.number() == null) {
        p.error(numberPath, "required");
      } else {
        Validation.port(port.number(), numberPath, p);
        if (!ports.add(port.number())) {
          p.error(numberPath, "duplicate port " + port.number() + ": ports of ingress listeners must be unique");
        }
      }
      if (set(listener.bind()) && !ServiceEntryRules.isIpAddress(listener.bind())) {
        p.error(Paths.field(itemPath, "bind"), "must be an IP address, got \"" + listener.bind() + "\"");
      }
      if (set(listener.defaultEndpoint())) {
        defaultEndpoint(listener.defaultEndpoint(), Paths.field(itemPath, "defaultEndpoint"), p);
      }
      tls(listener.tls(), Paths.field(itemPath, "tls"), p);
      TrafficPolicyValidator.connectionPool(listener.connectionPool(), Paths.field(itemPath, "connectionPool"), p,
          false);
      if (listener.connectionPool() != null && listener.connectionPool().http() != null
          && !ServiceEntryRules.isHttp(port.protocol())) {
        p.warning(Paths.field(Paths.field(itemPath, "connectionPool"), "http"), "applies to HTTP ports only; port "
            + port.number() + " has protocol " + (set(port.protocol()) ? port.protocol() : "unset")
            + ", so only the tcp settings count");
      }
    }
  }

  /** {@code 127.0.0.1:PORT}, {@code 0.0.0.0:PORT}, {@code [::1]:PORT}, {@code [::]:PORT}, {@code :PORT} or a socket. */
  private static void defaultEndpoint(String endpoint, String path, Problems p) {
    if (endpoint.startsWith(ServiceEntryRules.UNIX_PREFIX)) {
      SidecarValidator.report(
          ServiceEntryRules.unixPathProblem(endpoint.substring(ServiceEntryRules.UNIX_PREFIX.length())), path, p);
      return;
    }
    String host;
    String port;
    if (endpoint.startsWith("[")) {
      int close = endpoint.indexOf(']');
      if (close < 0 || !endpoint.startsWith(":", close + 1)) {
        host = null;
        port = null;
      } else {
        host = endpoint.substring(1, close);
        port = endpoint.substring(close + 2);
      }
    } else {
      int colon = endpoint.indexOf(':');
      boolean single = colon >= 0 && colon == endpoint.lastIndexOf(':');
      host = single ? endpoint.substring(0, colon) : null;
      port = single ? endpoint.substring(colon + 1) : null;
    }
    if (host == null || !LOOPBACK_OR_ANY.contains(host)) {
      p.error(path, "must be 127.0.0.1:PORT, 0.0.0.0:PORT, [::1]:PORT, [::]:PORT or unix:///path, got \""
          + endpoint + "\"");
    } else if (!port.matches("[0-9]{1,5}")) {
      p.error(path, "the port of \"" + endpoint + "\" is not a number");
    } else {
      Validation.port(Integer.parseInt(port), path, p);
    }
  }

  private static void tls(ServerTlsSettings tls, String path, Problems p) {
    if (tls == null) {
      return;
    }
    if (!tls.subjectAltNames().isEmpty()) {
      p.error(Paths.field(path, "subjectAltNames"), "is not supported in a Sidecar ingress listener");
    }
    if (tls.httpsRedirectOrDefault()) {
      p.error(Paths.field(path, "httpsRedirect"), "is not supported in a Sidecar ingress listener");
    }
    if (set(tls.credentialName())) {
      p.error(Paths.field(path, "credentialName"),
          "is not supported in a Sidecar ingress listener; use serverCertificate and privateKey");
    }
    Mode mode = tls.modeOrDefault();
    if (mode == Mode.ISTIO_MUTUAL || mode == Mode.AUTO_PASSTHROUGH) {
      p.error(Paths.field(path, "mode"), "cannot be " + mode + " in a Sidecar ingress listener");
    }
    if (mode == Mode.ISTIO_MUTUAL) {
      forbidden(tls.serverCertificate(), "serverCertificate", path, p);
      forbidden(tls.privateKey(), "privateKey", path, p);
      forbidden(tls.caCertificates(), "caCertificates", path, p);
      return;
    }
    boolean files = set(tls.serverCertificate()) || set(tls.privateKey()) || set(tls.caCertificates());
    if ((mode == Mode.PASSTHROUGH || mode == Mode.AUTO_PASSTHROUGH) && (files || set(tls.caCrl()))) {
      p.warning(path, "certificates are ignored in mode " + mode + ", which does not terminate TLS");
    }
    boolean mutual = mode == Mode.MUTUAL || mode == Mode.OPTIONAL_MUTUAL;
    if ((mode == Mode.SIMPLE || mutual) && set(tls.credentialName())) {
      return;
    }
    if (mode == Mode.SIMPLE || mutual) {
      requiredFile(tls.serverCertificate(), "serverCertificate", mode, path, p);
      requiredFile(tls.privateKey(), "privateKey", mode, path, p);
    }
    if (mutual) {
      requiredFile(tls.caCertificates(), "caCertificates", mode, path, p);
    }
    if (set(tls.caCrl()) && mode == Mode.SIMPLE) {
      p.error(Paths.field(path, "caCrl"),
          "is not supported with mode SIMPLE, which does not check client certificates");
    }
  }

  private static void forbidden(String value, String field, String path, Problems p) {
    if (set(value)) {
      p.error(Paths.field(path, field), "must be empty with mode ISTIO_MUTUAL, which uses Istio's certificates");
    }
  }

  private static void requiredFile(String value, String field, Mode mode, String path, Problems p) {
    if (!set(value)) {
      p.error(Paths.field(path, field), "required when mode is " + mode);
    }
  }
}

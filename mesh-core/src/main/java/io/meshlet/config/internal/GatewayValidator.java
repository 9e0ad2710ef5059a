package io.meshlet.config.internal;

import io.meshlet.config.model.Gateway;
import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.Port;
import io.meshlet.config.model.Server;
import io.meshlet.config.model.ServerTlsSettings;
import io.meshlet.config.model.ServerTlsSettings.Mode;
import io.meshlet.config.model.ServerTlsSettings.TlsCertificate;
import io.meshlet.config.model.ServerTlsSettings.TlsProtocol;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Istio's validation of a Gateway ({@code ValidateGateway}): servers, their ports, hosts, bind
 * addresses and TLS settings. Every Gateway also gets one warning: it configures Envoy gateway
 * proxies, which Meshlet does not replace.
 */
final class GatewayValidator {
  private static final Set<String> PROTOCOLS =
      Set.of("tcp", "udp", "grpc", "grpc-web", "http", "http_proxy", "http2", "https", "tls", "mongo", "redis", "mysql");
  private static final Set<String> HTTP_PROTOCOLS = Set.of("http", "http2", "http_proxy", "grpc", "grpc-web");
  private static final Set<String> TLS_PROTOCOLS = Set.of("https", "tls");
  private static final String UNIX = "unix://";

  private GatewayValidator() {}

  static void validate(Gateway spec, ObjectMeta meta, String path, Problems p) {
    p.warning(path, "Gateway has no effect in-process: it configures Envoy ingress/egress gateway proxies, which "
        + "Meshlet does not replace; VirtualServices bound only to gateways are ignored too");
    if (meta.name() != null && Validation.isDns1123Subdomain(meta.name()) && !VirtualServiceRules.isLabel(meta.name())) {
      // Istio refers to gateways as <namespace>/<name> and, in the legacy form, <name>.<namespace>.
      p.error(Paths.field(Paths.field(Paths.parent(path), "metadata"), "name"),
          "a Gateway name must be a DNS-1123 label, without dots, got \"" + meta.name() + "\"");
    }
    String serversPath = Paths.field(path, "servers");
    if (spec.servers().isEmpty()) {
      p.error(serversPath, "required: at least one server");
    }
    Set<String> portNames = new HashSet<>();
    for (int i = 0; i < spec.servers().size(); i++) {
      Server server = spec.servers().get(i);
      String serverPath = Paths.index(serversPath, i);
      server(server, serverPath, p);
      if (server.port() != null) {
        String name = server.port().name() == null ? "" : server.port().name();
        if (!portNames.add(name)) {
          p.error(Paths.field(Paths.field(serverPath, "port"), "name"),
              "duplicate port name \"" + name + "\": port names must be unique across the servers of a Gateway");
        }
        if (!isHttp(server.port().protocol()) && server.tls() != null && server.tls().httpsRedirectOrDefault()) {
          p.warning(Paths.field(Paths.field(serverPath, "tls"), "httpsRedirect"), "has an effect only on HTTP servers");
        }
      }
    }
  }

  private static void server(Server server, String path, Problems p) {
    String hostsPath = Paths.field(path, "hosts");
    if (server.hosts().isEmpty()) {
      p.error(hostsPath, "required: at least one host");
    }
    for (int i = 0; i < server.hosts().size(); i++) {
      host(server.hosts().get(i), Paths.index(hostsPath, i), p);
    }
    boolean portValid = port(server.port(), server.bind(), Paths.field(path, "port"), p);
    bind(server.port(), server.bind(), Paths.field(path, "bind"), p);
    String tlsPath = Paths.field(path, "tls");
    tls(server.tls(), tlsPath, p);
    if (!portValid) {
      return;
    }
    String protocol = server.port().protocol();
    if (isTls(protocol) && server.tls() == null) {
      p.error(tlsPath, "required: HTTPS and TLS servers need tls settings");
    } else if (!isTls(protocol) && server.tls() != null) {
      ServerTlsSettings tls = server.tls();
      boolean passthrough = tls.modeOrDefault() == Mode.PASSTHROUGH || tls.modeOrDefault() == Mode.AUTO_PASSTHROUGH;
      if (!isHttp(protocol)) {
        p.error(tlsPath, "tls settings are allowed only on HTTPS and TLS servers, not on " + protocol);
      } else if (!passthrough || set(tls.caCertificates()) || set(tls.privateKey()) || set(tls.serverCertificate())) {
        p.error(tlsPath, "a plain-text " + protocol + " server may set only tls.httpsRedirect");
      }
    }
  }

  /** {@code host} or {@code namespace/host} (namespace {@code *}, {@code .} or a name); the host an FQDN, wildcard or IP. */
  private static void host(String entry, String path, Problems p) {
    int slash = entry.indexOf('/');
    if (slash < 0) {
      hostname(entry, path, p);
      return;
    }
    String namespace = entry.substring(0, slash);
    String host = entry.substring(slash + 1);
    if (namespace.isEmpty() || host.isEmpty()) {
      p.error(path, "namespace and host must not be empty in \"" + entry + "\"");
    } else if (!namespace.equals("*") && !namespace.equals(".") && !VirtualServiceRules.isLabel(namespace)) {
      p.error(path, "invalid namespace \"" + namespace + "\" in \"" + entry + "\": use *, . or a namespace name");
    }
    if (!host.isEmpty()) {
      hostname(host, path, p);
    }
  }

  private static void hostname(String host, String path, Problems p) {
    if (!host.equals("*") && !host.contains(".")) {
      p.error(path, "short name \"" + host + "\" is not allowed here; write a fully qualified name such as "
          + host + ".example.com");
      return;
    }
    String error = VirtualServiceRules.wildcardDomainError(host);
    if (error != null && !VirtualServiceRules.isIpAddress(host)) {
      p.error(path, error);
    } else if (host.contains("*") && host.length() != 1 && !host.startsWith("*.")) {
      p.error(path, "partial wildcard \"" + host + "\" is not allowed; use * or *.suffix");
    }
  }

  /** Returns whether the port has no error, as Istio checks TLS against the protocol only then. */
  @SuppressWarnings("deprecation")
  private static boolean port(Port port, String bind, String path, Problems p) {
    if (port == null) {
      p.error(path, "required");
      return false;
    }
    boolean valid = true;
    String protocol = port.protocol() == null ? "" : port.protocol();
    if (!PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
      p.error(Paths.field(path, "protocol"), (protocol.isEmpty() ? "required" : "unsupported protocol \"" + protocol + "\"")
          + "; use HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, TCP, TLS, MONGO, REDIS or MYSQL");
      valid = false;
    }
    int number = port.number() == null ? 0 : port.number();
    // A server bound to a Unix domain socket has no port number.
    if (number != 0 || bind == null || !bind.startsWith(UNIX)) {
      if (number < 1 || number > 65535) {
        p.error(Paths.field(path, "number"), port.number() == null ? "required"
            : "must be between 1 and 65535, got " + number);
        valid = false;
      }
    }
    if (port.targetPort() != null && port.targetPort() > 0) {
      p.error(Paths.field(path, "targetPort"), "has no effect on Gateways; remove it");
      valid = false;
    }
    if (port.name() == null || port.name().isEmpty()) {
      p.error(Paths.field(path, "name"), "required");
      valid = false;
    }
    return valid;
  }

  private static void bind(Port port, String bind, String path, Problems p) {
    if (bind == null || bind.isEmpty()) {
      return;
    }
    if (bind.startsWith(UNIX)) {
      String socket = bind.substring(UNIX.length());
      if (socket.isEmpty() || (!socket.startsWith("@") && (!socket.startsWith("/") || socket.endsWith("/")))) {
        p.error(path, "a Unix domain socket must be an absolute file path (or @abstract), got \"" + bind + "\"");
      }
      if (port != null && port.number() != null && port.number() != 0) {
        p.error(path, "a server bound to a Unix domain socket must have port number 0, got " + port.number());
      }
    } else if (!VirtualServiceRules.isIpAddress(bind)) {
      p.error(path, "must be an IP address or unix://<path>, got \"" + bind + "\"");
    }
  }

  private static void tls(ServerTlsSettings tls, String path, Problems p) {
    if (tls == null) {
      return;
    }
    if ((tls.minProtocolVersion() == TlsProtocol.TLSV1_0 || tls.minProtocolVersion() == TlsProtocol.TLSV1_1)
        && tls.cipherSuites().isEmpty()) {
      p.warning(Paths.field(path, "minProtocolVersion"), "TLS versions below 1.2 need cipherSuites: Envoy's "
          + "default ciphers no longer include ones they can use");
    }
    Mode mode = tls.modeOrDefault();
    if (mode == Mode.ISTIO_MUTUAL) {
      String why = "cannot be set with ISTIO_MUTUAL, which uses the workload's Istio certificates";
      forbid(set(tls.serverCertificate()), "serverCertificate", why, path, p);
      forbid(set(tls.privateKey()), "privateKey", why, path, p);
      forbid(set(tls.caCertificates()), "caCertificates", why, path, p);
      forbid(!tls.tlsCertificates().isEmpty(), "tlsCertificates", why, path, p);
      forbid(set(tls.credentialName()), "credentialName", why, path, p);
      forbid(!tls.credentialNames().isEmpty(), "credentialNames", why, path, p);
      return;
    }
    if ((mode == Mode.PASSTHROUGH || mode == Mode.AUTO_PASSTHROUGH) && (set(tls.caCrl())
        || set(tls.serverCertificate()) || set(tls.privateKey()) || set(tls.caCertificates())
        || !tls.tlsCertificates().isEmpty() || set(tls.credentialName()) || !tls.credentialNames().isEmpty())) {
      p.warning(path, mode + " does not terminate TLS, so its certificate settings are ignored");
    }
    int sources = (set(tls.serverCertificate()) && set(tls.privateKey()) ? 1 : 0) + (set(tls.credentialName()) ? 1 : 0)
        + (tls.credentialNames().isEmpty() ? 0 : 1) + (tls.tlsCertificates().isEmpty() ? 0 : 1);
    if (sources > 1) {
      p.error(path, "only one of credentialName, credentialNames, serverCertificate/privateKey or tlsCertificates "
          + "may be set");
    }
    boolean terminates = mode == Mode.SIMPLE || mode == Mode.MUTUAL || mode == Mode.OPTIONAL_MUTUAL;
    if (terminates && (set(tls.credentialName()) || !tls.credentialNames().isEmpty())) {
      // The certificates (and the client CA) come from the named secret.
      return;
    }
    if (terminates) {
      String prefix = mode == Mode.SIMPLE ? "SIMPLE" : mode.name();
      if (mode != Mode.SIMPLE && !set(tls.caCertificates())) {
        p.error(Paths.field(path, "caCertificates"), "required: " + prefix + " TLS verifies client certificates "
            + "against this CA bundle (or set credentialName)");
      }
      if (tls.tlsCertificates().size() > 2) {
        p.warning(Paths.field(path, "tlsCertificates"), "at most 2 server certificates (RSA and ECDSA) are used");
      }
      if (tls.tlsCertificates().isEmpty()) {
        certificate(tls.serverCertificate(), tls.privateKey(), prefix, path, p);
      }
      List<TlsCertificate> certificates = tls.tlsCertificates();
      for (int i = 0; i < certificates.size(); i++) {
        certificate(certificates.get(i).serverCertificate(), certificates.get(i).privateKey(), prefix,
            Paths.index(Paths.field(path, "tlsCertificates"), i), p);
      }
    }
    if (set(tls.caCrl())) {
      if (set(tls.credentialName())) {
        p.error(Paths.field(path, "caCrl"), "cannot be combined with credentialName; put the CRL in the credential");
      }
      if (mode == Mode.SIMPLE) {
        p.error(Paths.field(path, "caCrl"), "has no use with SIMPLE TLS, which does not verify client certificates");
      }
    }
  }

  private static void certificate(String certificate, String key, String mode, String path, Problems p) {
    if (!set(certificate)) {
      p.error(Paths.field(path, "serverCertificate"), "required: " + mode + " TLS needs a server certificate "
          + "(or credentialName)");
    }
    if (!set(key)) {
      p.error(Paths.field(path, "privateKey"), "required: " + mode + " TLS needs a private key (or credentialName)");
    }
  }

  private static void forbid(boolean present, String field, String why, String path, Problems p) {
    if (present) {
      p.error(Paths.field(path, field), why);
    }
  }

  private static boolean isHttp(String protocol) {
    return protocol != null && HTTP_PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT));
  }

  private static boolean isTls(String protocol) {
    return protocol != null && TLS_PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT));
  }

  private static boolean set(String s) {
    return s != null && !s.isEmpty();
  }
}

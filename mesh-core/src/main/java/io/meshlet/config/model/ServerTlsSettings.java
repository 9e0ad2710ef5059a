package io.meshlet.config.model;

import java.util.List;

/**
 * TLS settings of a listener that terminates or passes through TLS: a Gateway server or a Sidecar
 * ingress listener. Only one of the file paths, {@code credentialName}, {@code credentialNames} and
 * {@code tlsCertificates} supplies the server's certificates.
 *
 * @param httpsRedirect answer plain-HTTP requests with a 301 to HTTPS
 * @param mode how TLS is handled; absent means {@code PASSTHROUGH}
 * @param serverCertificate server certificate file; required for {@code SIMPLE} and {@code MUTUAL}
 * @param privateKey server private key file; required for {@code SIMPLE} and {@code MUTUAL}
 * @param caCertificates CA certificates file for verifying clients; required for {@code MUTUAL}
 *     and {@code OPTIONAL_MUTUAL}
 * @param caCertCredentialName for mutual TLS, the secret or config map holding the CA certificates
 * @param caCrl certificate revocation list file for client certificates
 * @param credentialName the secret holding key, certificate and CA (Kubernetes gateways)
 * @param credentialNames like {@code credentialName}, for up to two certificates (RSA and ECDSA)
 * @param tlsCertificates up to two certificate files sets (RSA and ECDSA)
 * @param subjectAltNames names a client certificate must carry
 * @param verifyCertificateSpki base64 SHA-256 hashes of authorized client SPKIs
 * @param verifyCertificateHash hex SHA-256 hashes of authorized client certificates
 * @param minProtocolVersion minimum TLS version
 * @param maxProtocolVersion maximum TLS version
 * @param cipherSuites allowed cipher suites; absent means Envoy's defaults
 * @param ecdhCurves allowed ECDH curves; absent means Envoy's defaults
 * @param insecureSkipVerify accept client certificates that fail validation
 */
public record ServerTlsSettings(
    Boolean httpsRedirect,
    Mode mode,
    String serverCertificate,
    String privateKey,
    String caCertificates,
    String caCertCredentialName,
    String caCrl,
    String credentialName,
    List<String> credentialNames,
    List<TlsCertificate> tlsCertificates,
    List<String> subjectAltNames,
    List<String> verifyCertificateSpki,
    List<String> verifyCertificateHash,
    TlsProtocol minProtocolVersion,
    TlsProtocol maxProtocolVersion,
    List<String> cipherSuites,
    List<String> ecdhCurves,
    Boolean insecureSkipVerify) {

  public ServerTlsSettings {
    credentialNames = Copies.list(credentialNames);
    tlsCertificates = Copies.list(tlsCertificates);
    subjectAltNames = Copies.list(subjectAltNames);
    verifyCertificateSpki = Copies.list(verifyCertificateSpki);
    verifyCertificateHash = Copies.list(verifyCertificateHash);
    cipherSuites = Copies.list(cipherSuites);
    ecdhCurves = Copies.list(ecdhCurves);
  }

  /** TLS modes of a listener (Istio's {@code ServerTLSSettings.TLSmode}). */
  public enum Mode {
    /** Forward the TLS stream untouched, routed by SNI. */
    PASSTHROUGH,
    /** Terminate TLS with the server certificate. */
    SIMPLE,
    /** Terminate TLS and require a client certificate. */
    MUTUAL,
    /** Pass through by SNI without a matching VirtualService (multi-cluster east-west). */
    AUTO_PASSTHROUGH,
    /** Terminate Istio mutual TLS with workload certificates. */
    ISTIO_MUTUAL,
    /** Terminate TLS and verify a client certificate when one is presented. */
    OPTIONAL_MUTUAL
  }

  /** TLS protocol versions. */
  public enum TlsProtocol {
    /** Envoy's default. */
    TLS_AUTO,
    /** TLS 1.0. */
    TLSV1_0,
    /** TLS 1.1. */
    TLSV1_1,
    /** TLS 1.2. */
    TLSV1_2,
    /** TLS 1.3. */
    TLSV1_3
  }

  /**
   * One set of server certificate files.
   *
   * @param serverCertificate the certificate file
   * @param privateKey the private key file
   * @param caCertificates CA certificates for verifying clients
   */
  public record TlsCertificate(String serverCertificate, String privateKey, String caCertificates) {}

  /** The mode; default {@code PASSTHROUGH}, protobuf's zero value. */
  public Mode modeOrDefault() {
    return mode == null ? Mode.PASSTHROUGH : mode;
  }

  /** Whether plain HTTP is redirected to HTTPS; default false. */
  public boolean httpsRedirectOrDefault() {
    return Boolean.TRUE.equals(httpsRedirect);
  }
}

package io.meshlet.config.model;

import java.util.List;

/**
 * TLS settings for connections to the upstream service. Without them Istio's automatic mutual TLS
 * applies to mesh endpoints.
 *
 * @param mode whether and how TLS is used
 * @param clientCertificate client certificate file; required for {@code MUTUAL}
 * @param privateKey client private key file; required for {@code MUTUAL}
 * @param caCertificates CA certificates file for verifying the server; absent means the OS roots
 * @param credentialName secret holding key, certificate and CA (gateways, or sidecars with a
 *     workload selector)
 * @param subjectAltNames names the server certificate must carry; overrides the ServiceEntry's
 * @param sni SNI to send; absent means the request's host for {@code SIMPLE} and {@code MUTUAL}
 * @param insecureSkipVerify skip verifying the server certificate's signature and SAN
 * @param caCrl certificate revocation list file
 */
public record ClientTlsSettings(
    Mode mode,
    String clientCertificate,
    String privateKey,
    String caCertificates,
    String credentialName,
    List<String> subjectAltNames,
    String sni,
    Boolean insecureSkipVerify,
    String caCrl) {

  public ClientTlsSettings {
    subjectAltNames = Copies.list(subjectAltNames);
  }

  /** TLS modes for upstream connections (Istio's {@code ClientTLSSettings.TLSmode}). */
  public enum Mode {
    /** Plain text. */
    DISABLE,
    /** TLS to the upstream. */
    SIMPLE,
    /** Mutual TLS with the given client certificate. */
    MUTUAL,
    /** Mutual TLS with Istio's workload certificates; the other fields must be empty. */
    ISTIO_MUTUAL
  }

  /** The mode; default {@code DISABLE}, protobuf's zero value, when the block is present. */
  public Mode modeOrDefault() {
    return mode == null ? Mode.DISABLE : mode;
  }

  /** Whether server verification is skipped; default false. */
  public boolean insecureSkipVerifyOrDefault() {
    return Boolean.TRUE.equals(insecureSkipVerify);
  }
}

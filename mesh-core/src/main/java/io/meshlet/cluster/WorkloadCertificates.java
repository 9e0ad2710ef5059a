package io.meshlet.cluster;

import java.nio.file.Path;
import java.util.Objects;

/**
 * This workload's mesh identity for {@code ISTIO_MUTUAL}: the files an Istio sidecar receives from
 * istiod, here provided by the application (for example written by cert-manager or a SPIFFE agent).
 * PEM files, read when configuration is compiled.
 *
 * @param certificateChain the workload certificate, followed by intermediates
 * @param privateKey the key of the workload certificate (PKCS#8, PKCS#1 RSA or SEC1 EC)
 * @param rootCertificate the mesh root certificate(s) that sign peer certificates
 * @param trustDomain the SPIFFE trust domain; servers are expected to present
 *     {@code spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccount>}
 */
public record WorkloadCertificates(Path certificateChain, Path privateKey, Path rootCertificate, String trustDomain) {

  public WorkloadCertificates {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(rootCertificate, "rootCertificate");
    trustDomain = trustDomain == null || trustDomain.isEmpty() ? "cluster.local" : trustDomain;
  }

  /** Certificates in Istio's default trust domain, {@code cluster.local}. */
  public WorkloadCertificates(Path certificateChain, Path privateKey, Path rootCertificate) {
    this(certificateChain, privateKey, rootCertificate, "cluster.local");
  }
}

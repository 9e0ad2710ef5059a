package io.meshlet.cluster.internal;

import io.meshlet.cluster.ClusterPolicy;
import io.meshlet.cluster.WorkloadCertificates;
import io.meshlet.config.model.ClientTlsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Compiles a DestinationRule {@code tls} section into ready-to-use client TLS: a socket factory with
 * the trust roots ({@code caCertificates}, else the JVM's), the client key for {@code MUTUAL} and
 * {@code ISTIO_MUTUAL}, the SNI, and a hostname verifier that checks {@code subjectAltNames} (or,
 * without them, the server name) against the server certificate.
 */
final class UpstreamTls {
  private UpstreamTls() {}

  /** Why a {@code tls} section could not be compiled; the cluster is then left out. */
  static final class TlsException extends Exception {
    TlsException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * @param sans the names to verify (the section's, else the ServiceEntry's)
   * @param istioIdentities SPIFFE identities of the destination's service accounts, for ISTIO_MUTUAL
   * @return null for {@code DISABLE}
   */
  static ClusterPolicy.Tls compile(ClientTlsSettings tls, List<String> sans,
      List<String> istioIdentities, WorkloadCertificates workload) throws TlsException {
    ClientTlsSettings.Mode mode = tls.modeOrDefault();
    if (mode == ClientTlsSettings.Mode.DISABLE) {
      return null;
    }
    boolean skipVerify = tls.insecureSkipVerifyOrDefault();
    String sni = tls.sni() == null || tls.sni().isEmpty() ? null : tls.sni();
    List<String> verifySans = sans;
    try {
      X509TrustManager trust;
      KeyManagerFactory keys = null;
      if (mode == ClientTlsSettings.Mode.ISTIO_MUTUAL) {
        if (workload == null) {
          throw new TlsException("ISTIO_MUTUAL needs the workload's certificates, and none are configured", null);
        }
        trust = skipVerify ? TrustAll.INSTANCE : trustManager(workload.rootCertificate());
        keys = keyManager(workload.certificateChain(), workload.privateKey());
        // Istio proxies send outbound_.<port>_.<subset>_.<host> as SNI for mesh mTLS, but JSSE servers
        // (a JVM meshlet peer) reject names with underscores; the request's host is sent unless set.
        if (verifySans.isEmpty()) {
          verifySans = istioIdentities;
        }
      } else {
        String ca = tls.caCertificates();
        trust = skipVerify ? TrustAll.INSTANCE
            : ca == null || ca.isEmpty() || ca.equals("system") ? trustManager(null) : trustManager(Path.of(ca));
        if (mode == ClientTlsSettings.Mode.MUTUAL) {
          if (tls.clientCertificate() == null || tls.privateKey() == null) {
            throw new TlsException("MUTUAL needs clientCertificate and privateKey", null);
          }
          keys = keyManager(Path.of(tls.clientCertificate()), Path.of(tls.privateKey()));
        }
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[] {trust}, new SecureRandom());
      SSLSocketFactory factory = new SniSocketFactory(context.getSocketFactory(), sni);
      boolean mesh = mode == ClientTlsSettings.Mode.ISTIO_MUTUAL;
      HostnameVerifier verifier = skipVerify ? (host, session) -> true
          : new SanVerifier(List.copyOf(verifySans), mesh ? null : sni, mesh);
      return new ClusterPolicy.Tls(mode, factory, trust, verifier, sni, verifySans, skipVerify);
    } catch (IOException | GeneralSecurityException e) {
      throw new TlsException(e.getMessage(), e);
    }
  }

  private static X509TrustManager trustManager(Path caFile) throws IOException, GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (caFile == null) {
      tmf.init((KeyStore) null);
    } else {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate c : Pem.certificates(caFile)) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      tmf.init(store);
    }
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager available");
  }

  private static KeyManagerFactory keyManager(Path chainFile, Path keyFile) throws IOException,
      GeneralSecurityException {
    List<X509Certificate> chain = Pem.certificates(chainFile);
    PrivateKey key = Pem.privateKey(keyFile);
    char[] password = "meshlet".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, password);
    return kmf;
  }

  /**
   * Verifies the server certificate's subject alternative names: one must equal a configured SAN
   * (DNS names may match a certificate wildcard), or, with none configured, cover the server name
   * (the SNI when set, else the host connected to). With ISTIO_MUTUAL and no known identity, the
   * chain check alone stands.
   */
  static final class SanVerifier implements HostnameVerifier {
    private final List<String> sans;
    private final String serverName;
    private final boolean chainOnlyWithoutSans;

    SanVerifier(List<String> sans, String serverName, boolean chainOnlyWithoutSans) {
      this.sans = sans;
      this.serverName = serverName;
      this.chainOnlyWithoutSans = chainOnlyWithoutSans;
    }

    @Override
    public boolean verify(String hostname, SSLSession session) {
      X509Certificate leaf;
      try {
        leaf = (X509Certificate) session.getPeerCertificates()[0];
      } catch (SSLPeerUnverifiedException | ClassCastException e) {
        return false;
      }
      List<String[]> names = alternativeNames(leaf);
      if (sans.isEmpty()) {
        return chainOnlyWithoutSans || covers(names, serverName != null ? serverName : hostname);
      }
      for (String san : sans) {
        if (covers(names, san)) {
          return true;
        }
      }
      return false;
    }

    private static boolean covers(List<String[]> names, String wanted) {
      String w = wanted.toLowerCase(Locale.ROOT);
      for (String[] n : names) {
        String value = n[1].toLowerCase(Locale.ROOT);
        if (n[0].equals("dns") ? dnsMatch(value, w) : value.equals(w) || n[0].equals("ip") && sameIp(value, w)) {
          return true;
        }
      }
      return false;
    }

    private static boolean dnsMatch(String certName, String wanted) {
      if (certName.equals(wanted)) {
        return true;
      }
      // A certificate wildcard covers exactly one leftmost label.
      if (certName.startsWith("*.")) {
        int dot = wanted.indexOf('.');
        return dot > 0 && wanted.substring(dot).equals(certName.substring(1));
      }
      return false;
    }

    private static boolean sameIp(String a, String b) {
      try {
        return InetAddress.getByName(a).equals(InetAddress.getByName(b));
      } catch (IOException e) {
        return false;
      }
    }

    private static List<String[]> alternativeNames(X509Certificate cert) {
      List<String[]> out = new ArrayList<>();
      try {
        Collection<List<?>> all = cert.getSubjectAlternativeNames();
        if (all == null) {
          return out;
        }
        for (List<?> entry : all) {
          int type = (Integer) entry.get(0);
          String kind = type == 2 ? "dns" : type == 6 ? "uri" : type == 7 ? "ip" : null;
          if (kind != null) {
            out.add(new String[] {kind, String.valueOf(entry.get(1))});
          }
        }
      } catch (CertificateParsingException e) {
        return out;
      }
      return out;
    }
  }

  /** Accepts any server certificate ({@code insecureSkipVerify}). */
  private static final class TrustAll implements X509TrustManager {
    static final TrustAll INSTANCE = new TrustAll();

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not verified here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Sends the configured SNI instead of the host name the client connects to. */
  static final class SniSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final String sni;

    SniSocketFactory(SSLSocketFactory delegate, String sni) {
      this.delegate = delegate;
      this.sni = sni;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
      return configure(delegate.createSocket(s, sni != null ? sni : host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
      return configure(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return configure(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return configure(delegate.createSocket(address, port, localAddress, localPort));
    }

    private Socket configure(Socket socket) {
      if (sni != null && socket instanceof SSLSocket ssl) {
        SSLParameters params = ssl.getSSLParameters();
        try {
          params.setServerNames(List.of(new SNIHostName(sni)));
        } catch (IllegalArgumentException e) {
          // A configured SNI such as Istio's outbound_.9080_.v1_.reviews... has underscores, which
          // SNIHostName rejects; a host_name entry with the raw bytes is sent as Envoy sends it.
          params.setServerNames(List.of(new SNIServerName(StandardConstants.SNI_HOST_NAME,
              sni.getBytes(StandardCharsets.US_ASCII)) {}));
        }
        ssl.setSSLParameters(params);
      }
      return socket;
    }
  }
}

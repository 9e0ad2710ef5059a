package io.meshlet.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads PEM files as Istio users write them: certificate chains, and private keys in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) form.
 * PKCS#1 and SEC1 keys are wrapped into PKCS#8, which is all the JDK reads.
 */
final class Pem {
  private static final byte[] RSA_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
  private static final byte[] EC_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

  private Pem() {}

  private record Block(String type, byte[] der) {}

  /** Every certificate in the file, in order. */
  static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (Block b : blocks(file)) {
      if (b.type().equals("CERTIFICATE") || b.type().equals("TRUSTED CERTIFICATE")) {
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
      }
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException(file + ": no PEM certificate found");
    }
    return out;
  }

  /** The first private key in the file. */
  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    for (Block b : blocks(file)) {
      switch (b.type()) {
        case "PRIVATE KEY":
          return pkcs8(b.der(), file);
        case "RSA PRIVATE KEY":
          return pkcs8(wrap(RSA_OID, new byte[] {0x05, 0x00}, b.der()), file);
        case "EC PRIVATE KEY":
          return pkcs8(wrap(EC_OID, sec1Curve(b.der(), file), b.der()), file);
        case "ENCRYPTED PRIVATE KEY":
          throw new GeneralSecurityException(file + ": encrypted private keys are not supported");
        default:
          break;
      }
    }
    throw new GeneralSecurityException(file + ": no PEM private key found");
  }

  private static List<Block> blocks(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    List<Block> out = new ArrayList<>();
    int at = 0;
    while (true) {
      int begin = text.indexOf("-----BEGIN ", at);
      if (begin < 0) {
        return out;
      }
      int typeEnd = text.indexOf("-----", begin + 11);
      String type = text.substring(begin + 11, typeEnd);
      String endMarker = "-----END " + type + "-----";
      int end = text.indexOf(endMarker, typeEnd);
      if (end < 0) {
        throw new IOException(file + ": unterminated PEM block " + type);
      }
      String body = text.substring(typeEnd + 5, end);
      if (body.contains(":")) {
        // RFC 1421 headers (Proc-Type, DEK-Info) mean a legacy encrypted key.
        throw new IOException(file + ": encrypted PEM block " + type + " is not supported");
      }
      out.add(new Block(type, Base64.getMimeDecoder().decode(body)));
      at = end + endMarker.length();
    }
  }

  private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "DSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException(file + ": unsupported private key algorithm");
  }

  /** PKCS#8 PrivateKeyInfo: SEQUENCE { 0, AlgorithmIdentifier { oid, params }, OCTET STRING key }. */
  private static byte[] wrap(byte[] algorithmOid, byte[] params, byte[] key) {
    byte[] algorithm = der(0x30, concat(der(0x06, algorithmOid), params));
    return der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, der(0x04, key)));
  }

  /** The named curve of a SEC1 ECPrivateKey: its {@code [0] parameters} field, an OID (kept DER-encoded). */
  private static byte[] sec1Curve(byte[] sec1, Path file) throws GeneralSecurityException {
    int[] seq = header(sec1, 0);
    int at = seq[0];
    int end = seq[0] + seq[1];
    while (at < end) {
      int[] h = header(sec1, at);
      if ((sec1[at] & 0xFF) == 0xA0) {
        int[] oid = header(sec1, h[0]);
        byte[] out = new byte[oid[0] - h[0] + oid[1]];
        System.arraycopy(sec1, h[0], out, 0, out.length);
        return out;
      }
      at = h[0] + h[1];
    }
    throw new GeneralSecurityException(file + ": EC PRIVATE KEY without a named curve");
  }

  /** {content offset, content length} of the DER element at {@code at}. */
  private static int[] header(byte[] der, int at) throws GeneralSecurityException {
    if (at + 1 >= der.length) {
      throw new GeneralSecurityException("truncated DER");
    }
    int len = der[at + 1] & 0xFF;
    int offset = at + 2;
    if (len >= 0x80) {
      int bytes = len & 0x7F;
      len = 0;
      for (int i = 0; i < bytes; i++) {
        len = (len << 8) | (der[offset++] & 0xFF);
      }
    }
    return new int[] {offset, len};
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = content.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}

package dev.courtside.ops;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PEM files that turn on HTTPS and WSS.
 *
 * @param cert PEM file with the server certificate first, then any intermediate certificates
 * @param key PEM file with the private key of the first certificate, in PKCS#8
 *     ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC 1
 *     ({@code BEGIN EC PRIVATE KEY}) form, unencrypted
 */
public record TlsFiles(Path cert, Path key) {

  private static final Logger log = LoggerFactory.getLogger(TlsFiles.class);

  private static final byte[] PROBE = "courtside key check".getBytes(StandardCharsets.UTF_8);

  public TlsFiles {
    Objects.requireNonNull(cert, "cert");
    Objects.requireNonNull(key, "key");
  }

  /**
   * Reads both files, checks that the key belongs to the first certificate, and returns them
   * as Vert.x options.
   *
   * @throws IllegalStateException in one line that names the file which is missing, unreadable,
   *     not PEM, or whose key does not match the certificate
   */
  public PemKeyCertOptions load(Vertx vertx) {
    byte[] certBytes = read("tls-cert", cert);
    byte[] keyBytes = read("tls-key", key);
    X509Certificate leaf = firstCertificate(certBytes);
    PemKeyCertOptions options = new PemKeyCertOptions()
        .setCertValue(Buffer.buffer(certBytes))
        .setKeyValue(Buffer.buffer(keyBytes));
    PrivateKey privateKey = privateKey(vertx, options, leaf);
    if (!signsFor(privateKey, leaf.getPublicKey())) {
      throw new IllegalStateException("Invalid tls-key '" + key + "': the key does not match"
          + " the first certificate in " + cert + " (" + leaf.getSubjectX500Principal() + ")");
    }
    warnUnlessCurrent(leaf);
    return options;
  }

  private void warnUnlessCurrent(X509Certificate leaf) {
    Instant now = Instant.now();
    Instant notAfter = leaf.getNotAfter().toInstant();
    Instant notBefore = leaf.getNotBefore().toInstant();
    if (now.isAfter(notAfter) || now.isBefore(notBefore)) {
      // A warning, not a failed start, because clients decide what they accept: one that pins
      // this certificate still connects.
      log.warn("tls certificate not valid now cert={} subject={} notBefore={} notAfter={}",
          cert, leaf.getSubjectX500Principal(), notBefore, notAfter);
    }
  }

  private static byte[] read(String key, Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("Invalid " + key + " '" + path + "': no such file");
    }
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new IllegalStateException("Invalid " + key + " '" + path + "': cannot be read: "
          + e.getMessage());
    }
  }

  private X509Certificate firstCertificate(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalStateException("Invalid tls-cert '" + cert + "': expected a PEM file"
          + " starting with -----BEGIN CERTIFICATE-----");
    }
    try {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes));
      if (certificates.isEmpty()) {
        throw new CertificateException("no certificate found");
      }
      return (X509Certificate) certificates.iterator().next();
    } catch (CertificateException e) {
      throw new IllegalStateException("Invalid tls-cert '" + cert + "': not a readable PEM"
          + " certificate: " + e.getMessage());
    }
  }

  /** Loads the key through Vert.x, so it is read exactly as the server will read it. */
  private PrivateKey privateKey(Vertx vertx, PemKeyCertOptions options, X509Certificate leaf) {
    try {
      for (KeyManager manager : options.getKeyManagerFactory(vertx).getKeyManagers()) {
        if (!(manager instanceof X509KeyManager x509)) {
          continue;
        }
        String[] aliases = x509.getServerAliases(leaf.getPublicKey().getAlgorithm(), null);
        if (aliases != null && aliases.length > 0) {
          return x509.getPrivateKey(aliases[0]);
        }
      }
    } catch (Exception e) {
      // Vert.x declares Exception. The certificate was read above, so the key file failed.
      throw new IllegalStateException("Invalid tls-key '" + key + "': cannot load it with the"
          + " certificate in " + cert + ": " + e.getMessage() + ". Expected an unencrypted PEM"
          + " private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)"
          + " that matches the certificate");
    }
    throw new IllegalStateException("Invalid tls-key '" + key + "': no "
        + leaf.getPublicKey().getAlgorithm() + " private key for the certificate in " + cert);
  }

  /** Returns true when a signature made with {@code privateKey} verifies with the public key. */
  private static boolean signsFor(PrivateKey privateKey, PublicKey publicKey) {
    String algorithm = switch (publicKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "Ed448" -> "Ed448";
      default -> null;
    };
    if (algorithm == null) {
      // Limitation: keys of other algorithms are not checked, so a mismatch shows only when a
      // client connects.
      return true;
    }
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // A key of another algorithm than the certificate's cannot sign for it.
      return false;
    }
  }
}

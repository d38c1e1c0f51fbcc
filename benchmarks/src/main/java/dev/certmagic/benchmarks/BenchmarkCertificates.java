package dev.certmagic.benchmarks;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * Makes many real, distinct certificates quickly: one P-256 CA signs every leaf (real ECDSA signatures, via
 * BouncyCastle's lightweight API), and the leaves share one RSA-2048 key pair, so that no key generation or
 * key-pair check by signature dominates the setup. Every leaf has its own serial, names and DER encoding, hence
 * its own hash: each one is a separate cache entry.
 */
final class BenchmarkCertificates {

    private final KeyPair leafKey;
    private final X509Certificate caCertificate;
    private final X500Name caName = new X500Name("CN=Benchmark Root");
    private final ContentSigner signer;
    private final Instant notBefore = Instant.now().minusSeconds(3600);
    private final Instant notAfter = notBefore.plusSeconds(90L * 86400);
    private long serial = 1;

    private BenchmarkCertificates(KeyPair leafKey, X509Certificate caCertificate, ContentSigner signer) {
        this.leafKey = leafKey;
        this.caCertificate = caCertificate;
        this.signer = signer;
    }

    static BenchmarkCertificates create() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair caKey = ec.generateKeyPair();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair leafKey = rsa.generateKeyPair();
        AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
        AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
        AsymmetricKeyParameter caPrivate = PrivateKeyFactory.createKey(caKey.getPrivate().getEncoded());
        ContentSigner signer = new BcECContentSignerBuilder(signature, digest).build(caPrivate);
        X500Name caName = new X500Name("CN=Benchmark Root");
        X509v3CertificateBuilder root = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                Date.from(Instant.now().minusSeconds(3600)), Date.from(Instant.now().plusSeconds(3650L * 86400)),
                caName, caKey.getPublic());
        root.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509Certificate caCertificate = new JcaX509CertificateConverter().getCertificate(root.build(signer));
        return new BenchmarkCertificates(leafKey, caCertificate, signer);
    }

    /** Issues one leaf for one name (a typical single-name certificate) and wraps it. */
    ManagedCertificate issue(String name) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(++serial),
                    Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + name), leafKey.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return ManagedCertificate.of(List.of(leaf, caCertificate), leafKey.getPrivate(), true, "bench");
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException(e);
        }
    }
}

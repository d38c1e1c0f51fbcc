package dev.certmagic.certificate;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made in test code with BouncyCastle, with chosen names and validity: a root CA and leaves signed
 * by it. Nothing is committed to the repository and nothing expires under the tests' feet.
 */
public final class TestCertificates {

    private TestCertificates() {
    }

    /**
     * Generates a P-256 key pair.
     *
     * @return the pair
     */
    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Generates a 2048-bit RSA key pair.
     *
     * @return the pair
     */
    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates a self-signed root CA valid from an hour ago for ten years.
     *
     * @param name the CA's common name
     * @return the CA
     */
    public static Ca newCa(String name) {
        KeyPair keyPair = ecKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + name);
        X509Certificate certificate = build(subject, keyPair, subject, keyPair, now.minusSeconds(3600),
                now.plusSeconds(3650L * 86400), true, List.of());
        return new Ca(keyPair, certificate, subject);
    }

    /**
     * Makes a self-signed leaf, for example a TLS-ALPN-01 style challenge certificate.
     *
     * @param keyPair the leaf's keys
     * @param name the one DNS name
     * @return the certificate
     */
    public static X509Certificate selfSigned(KeyPair keyPair, String name) {
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        return build(subject, keyPair, subject, keyPair, now.minusSeconds(60), now.plusSeconds(86400), false,
                List.of(name));
    }

    /**
     * A test certificate authority.
     *
     * @param keyPair the CA's keys
     * @param certificate the CA's self-signed certificate
     * @param subject the CA's name
     */
    public record Ca(KeyPair keyPair, X509Certificate certificate, X500Name subject) {

        /**
         * Issues a leaf.
         *
         * @param leafKey the leaf's keys
         * @param notBefore start of validity
         * @param notAfter end of validity
         * @param names DNS names or IP addresses, the first also as common name
         * @return the chain: leaf, then this CA
         */
        public List<X509Certificate> issue(KeyPair leafKey, Instant notBefore, Instant notAfter, String... names) {
            X509Certificate leaf = build(new X500Name("CN=" + names[0]), leafKey, subject, keyPair, notBefore,
                    notAfter, false, List.of(names));
            return List.of(leaf, certificate);
        }

        /**
         * Issues a leaf valid from an hour ago for 90 days and wraps it.
         *
         * @param leafKey the leaf's keys
         * @param managed whether the result is managed
         * @param names the names
         * @return the certificate
         */
        public ManagedCertificate managed(KeyPair leafKey, boolean managed, String... names) {
            Instant now = Instant.now();
            return ManagedCertificate.of(issue(leafKey, now.minusSeconds(3600), now.plusSeconds(90L * 86400), names),
                    leafKey.getPrivate(), managed, managed ? "test-ca" : null);
        }
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
            Instant notBefore, Instant notAfter, boolean ca, List<String> names) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)), Date.from(notBefore), Date.from(notAfter),
                    subject, subjectKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!names.isEmpty()) {
                GeneralName[] sans = new GeneralName[names.size()];
                for (int i = 0; i < sans.length; i++) {
                    String name = names.get(i);
                    sans[i] = HostNames.isIpAddress(name) ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name);
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            }
            String algorithm = "EC".equals(issuerKey.getPrivate().getAlgorithm()) ? "SHA256withECDSA"
                    : "SHA256withRSA";
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuerKey.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build test certificate", e);
        }
    }
}

package dev.certmagic.autoconfigure.web;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed EC certificates built at test time (never committed keystores), and a client context that
 * trusts exactly them.
 */
public final class TestCertificates {

    private TestCertificates() {
    }

    /**
     * A test certificate and its key.
     *
     * @param name the DNS name in the subject and SAN
     * @param keyPair the key pair
     * @param certificate the self-signed certificate
     */
    public record Issued(String name, KeyPair keyPair, X509Certificate certificate) {
    }

    /**
     * Issues a self-signed P-256 certificate for one DNS name, valid from an hour ago for a day.
     *
     * @param name the DNS name
     * @return the certificate with its key
     * @throws Exception if the JDK lacks EC or BouncyCastle fails
     */
    public static Issued issue(String name) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keyPair = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(name.hashCode() & 0xffff)),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keyPair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
        return new Issued(name, keyPair, certificate);
    }

    /**
     * Builds a client context that trusts the given certificates and nothing else.
     *
     * @param trusted the certificates to trust
     * @return an initialized client context
     * @throws Exception on JSSE errors
     */
    public static SSLContext clientContext(List<Issued> trusted) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        for (Issued issued : trusted) {
            trustStore.setCertificateEntry(issued.name(), issued.certificate());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}

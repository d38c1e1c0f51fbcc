package dev.certmagic.internal.ocsp;

import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * A CA for OCSP tests, built with BouncyCastle around a chosen instant: leaves that name (or do not name) an OCSP
 * responder in their AIA extension, and responder certificates with or without {@code id-kp-OCSPSigning}.
 *
 * @param keyPair the CA's keys
 * @param certificate the CA's self-signed certificate
 */
record OcspTestPki(KeyPair keyPair, X509Certificate certificate) {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffffL);

    static OcspTestPki newCa(String name, Instant now) {
        KeyPair keys = ecKeys();
        X500Name subject = new X500Name("CN=" + name);
        return new OcspTestPki(keys, build(subject, keys, subject, keys, now.minusSeconds(86400),
                now.plusSeconds(3650L * 86400), true, List.of(), null, false));
    }

    /** Issues a leaf valid from an hour before {@code now} for 90 days. */
    ManagedCertificate leaf(Instant now, URI ocspUrl, String... names) {
        return leaf(now.minusSeconds(3600), now.plusSeconds(90L * 86400), ocspUrl, names);
    }

    ManagedCertificate leaf(Instant notBefore, Instant notAfter, URI ocspUrl, String... names) {
        KeyPair keys = ecKeys();
        X509Certificate leaf = build(new X500Name("CN=" + names[0]), keys, subject(), keyPair, notBefore, notAfter,
                false, List.of(names), ocspUrl, false);
        return ManagedCertificate.of(List.of(leaf, certificate), keys.getPrivate(), true, "test-ca");
    }

    /** Issues a delegated responder certificate, with or without the OCSP-signing EKU. */
    Responder responder(Instant now, boolean ocspSigning) {
        KeyPair keys = ecKeys();
        X509Certificate cert = build(new X500Name("CN=OCSP responder " + SERIALS.incrementAndGet()), keys,
                subject(), keyPair, now.minusSeconds(86400), now.plusSeconds(365L * 86400), false, List.of(), null,
                ocspSigning);
        return new Responder(keys, cert);
    }

    X500Name subject() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    record Responder(KeyPair keyPair, X509Certificate certificate) {
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
            Instant notBefore, Instant notAfter, boolean ca, List<String> names, URI ocspUrl, boolean ocspSigning) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!names.isEmpty()) {
                GeneralName[] sans = names.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new);
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            }
            if (ocspUrl != null) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl.toString())));
            }
            if (ocspSigning) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build test certificate", e);
        }
    }

    static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

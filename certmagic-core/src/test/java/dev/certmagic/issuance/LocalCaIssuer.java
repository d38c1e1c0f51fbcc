package dev.certmagic.issuance;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import dev.certmagic.testsupport.TestCertificates;

/**
 * A real (local, in-process) CA behind the {@link Issuer} SPI, for flow tests that are about locking and storage
 * rather than ACME: it signs the CSR's key and names with a BouncyCastle test root. It can be told to fail.
 */
public final class LocalCaIssuer implements Issuer {

    final TestCertificates.Held root = TestCertificates.root("Local test CA").build();
    public final AtomicInteger orders = new AtomicInteger();
    public volatile IssuanceException failure;

    @Override
    public String issuerKey() {
        return "local-ca";
    }

    @Override
    public IssuedCertificate issue(CertificateRequest request) throws IssuanceException {
        orders.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(
                    new PKCS10CertificationRequest(request.csr()));
            Extensions extensions = Extensions.getInstance(csr.getAttributes(
                    PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name(root.certificate().getSubjectX500Principal().getName()),
                    BigInteger.valueOf(System.nanoTime()), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(Duration.ofDays(90))), new X500Name("CN=" + request.names().get(0)),
                    csr.getPublicKey());
            builder.addExtension(extensions.getExtension(Extension.subjectAlternativeName));
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(root.privateKey())));
            return new IssuedCertificate(List.of(leaf, root.certificate()), issuerKey());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

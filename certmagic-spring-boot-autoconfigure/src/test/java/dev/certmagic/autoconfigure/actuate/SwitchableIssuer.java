package dev.certmagic.autoconfigure.actuate;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import dev.certmagic.issuance.CertificateRequest;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuedCertificate;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.testsupport.TestCertificates;

/**
 * A local CA that signs the manager's CSRs for 90 days, or fails (retryably) while switched off: enough to drive a
 * certificate from obtained to failing renewal without a network.
 */
final class SwitchableIssuer implements Issuer {

    private final TestCertificates.Held root = TestCertificates.root("Switchable Test CA").build();
    private volatile boolean failing;

    void fail(boolean failing) {
        this.failing = failing;
    }

    @Override
    public String issuerKey() {
        return "switchable-ca";
    }

    @Override
    public IssuedCertificate issue(CertificateRequest request) throws IssuanceException {
        if (failing) {
            throw new IssuanceException("urn:ietf:params:acme:error:serverInternal: the CA is down", true, null,
                    null);
        }
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(request.csr());
            Instant now = Instant.now();
            GeneralName[] names = request.names().stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name(root.certificate().getSubjectX500Principal().getName()),
                    new BigInteger(64, new SecureRandom()), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(Duration.ofDays(90))), new X500Name("CN=" + request.names().get(0)),
                    csr.getPublicKey());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            var leaf = new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(root.privateKey())));
            return new IssuedCertificate(List.of(leaf, root.certificate()), issuerKey());
        } catch (Exception e) {
            throw new IllegalStateException("The test CA could not sign", e);
        }
    }
}

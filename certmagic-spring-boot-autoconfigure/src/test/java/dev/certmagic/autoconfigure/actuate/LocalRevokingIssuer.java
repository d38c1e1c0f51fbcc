package dev.certmagic.autoconfigure.actuate;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.certmagic.issuance.CertificateRequest;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuedCertificate;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.issuance.Revoker;

/** The local test CA of {@link SwitchableIssuer}, counting issues and recording revocations: no network needed. */
final class LocalRevokingIssuer implements Issuer, Revoker {

    final AtomicInteger issued = new AtomicInteger();

    final List<BigInteger> revoked = new CopyOnWriteArrayList<>();

    private final SwitchableIssuer ca = new SwitchableIssuer();

    @Override
    public String issuerKey() {
        return ca.issuerKey();
    }

    @Override
    public IssuedCertificate issue(CertificateRequest request) throws IssuanceException {
        issued.incrementAndGet();
        return ca.issue(request);
    }

    @Override
    public void revoke(X509Certificate certificate, int reason) {
        revoked.add(certificate.getSerialNumber());
    }
}

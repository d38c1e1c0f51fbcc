package dev.certmagic.acme;

import java.util.concurrent.atomic.AtomicInteger;

import dev.certmagic.issuance.CertificateRequest;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuedCertificate;
import dev.certmagic.issuance.Issuer;

/** Counts the orders that reach the CA through an issuer. */
final class CountingIssuer implements Issuer {

    private final Issuer delegate;
    private final AtomicInteger orders = new AtomicInteger();

    CountingIssuer(Issuer delegate) {
        this.delegate = delegate;
    }

    int orders() {
        return orders.get();
    }

    @Override
    public String issuerKey() {
        return delegate.issuerKey();
    }

    @Override
    public IssuedCertificate issue(CertificateRequest request) throws IssuanceException, InterruptedException {
        orders.incrementAndGet();
        return delegate.issue(request);
    }
}

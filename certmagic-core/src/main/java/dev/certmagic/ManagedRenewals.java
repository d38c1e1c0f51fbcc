package dev.certmagic;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.internal.issuance.IssuanceService;
import dev.certmagic.internal.issuance.StoredCertificate;

/**
 * Renews managed certificates: on the maintainer's schedule, and in the background for a stored certificate that
 * is already due when it is loaded (it serves meanwhile). A certificate an OCSP responder reported revoked for
 * keyCompromise is renewed with a new key.
 */
final class ManagedRenewals {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedRenewals.class);

    private final IssuanceService issuance;
    private final RevocationResponder revocations;
    private final CertificateSwap swap;
    private final ManagerThreads threads;
    private final ManagedNames names;
    private final ManagerLifecycle lifecycle;

    ManagedRenewals(IssuanceService issuance, RevocationResponder revocations, CertificateSwap swap,
            ManagerThreads threads, ManagedNames names, ManagerLifecycle lifecycle) {
        this.issuance = issuance;
        this.revocations = revocations;
        this.swap = swap;
        this.threads = threads;
        this.names = names;
        this.lifecycle = lifecycle;
    }

    /** Starts a background renewal when the certificate is due: renewing it must not delay serving it. */
    void renewIfDue(ManagedCertificate certificate, Instant now) {
        if (issuance.renewalDue(certificate, now) && !lifecycle.isClosed()) {
            threads.submit(() -> renewDueQuietly(certificate));
        }
    }

    /** The maintainer's renewal: failures go back to the maintainer, which retries while the old one serves. */
    void renewDue(ManagedCertificate certificate) throws Exception {
        String name = names.primaryName(certificate);
        StoredCertificate renewed = revocations.requiresNewKey(certificate.hash())
                ? issuance.renewWithNewKey(name) : issuance.renew(name);
        swap.swapIn(renewed);
    }

    private ManagedCertificate renewDueQuietly(ManagedCertificate certificate) {
        try {
            renewDue(certificate);
        } catch (Exception e) {
            LOG.warn("Renewal of {} failed; the current certificate keeps serving: {}", certificate.names(),
                    e.getMessage());
        }
        return certificate;
    }
}

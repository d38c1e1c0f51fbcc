package dev.certmagic;

import java.time.Clock;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.CertificateCachedEvent;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.IssuanceService;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.internal.ocsp.OcspMaintenance;

/**
 * Puts a certificate into service: staples it, installs it in the cache in place of the one it replaces, and
 * announces it. Every way a certificate arrives (issued, renewed, reloaded, replaced after revocation, given as
 * unmanaged) ends here, so that a revoked certificate whose replacement failed is never put back by a late
 * arrival.
 */
final class CertificateSwap {

    private final OcspMaintenance ocsp;
    private final RevocationResponder revocations;
    private final CertificateEventDispatcher events;
    private final ManagerThreads threads;
    private final Clock clock;

    CertificateSwap(OcspMaintenance ocsp, RevocationResponder revocations, CertificateEventDispatcher events,
            ManagerThreads threads, Clock clock) {
        this.ocsp = ocsp;
        this.revocations = revocations;
        this.events = events;
        this.threads = threads;
        this.clock = clock;
    }

    ManagedCertificate swapIn(StoredCertificate stored) {
        return swapIn(IssuanceService.toManaged(stored));
    }

    /** Staples (which may wait on a responder), installs and announces; returns what now serves. */
    ManagedCertificate swapIn(ManagedCertificate certificate) {
        ManagedCertificate renewed = ocsp.staple(certificate);
        install(renewed);
        events.publish(new CertificateCachedEvent(renewed.names(), renewed.notAfter(), clock.instant()));
        return renewed;
    }

    /**
     * Serves a certificate the manager does not obtain or renew: installed and announced at once, stapled
     * afterwards on the manager's threads, because stapling may wait on a responder and the caller may be a
     * handshake.
     */
    void installUnmanaged(ManagedCertificate certificate) {
        ocsp.install(certificate);
        events.publish(new CertificateCachedEvent(certificate.names(), certificate.notAfter(), clock.instant()));
        threads.submit(() -> ocsp.stapleInstalled(certificate));
    }

    /** Installs without stapling or events: safe on a handshake thread. */
    void install(ManagedCertificate certificate) {
        ocsp.install(certificate);
        if (revocations.isWithdrawn(certificate.hash())) {
            // Revoked, and its replacement already failed while this copy was being stapled: never serve it.
            ocsp.withdraw(certificate);
        }
    }
}

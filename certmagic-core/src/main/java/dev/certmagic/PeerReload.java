package dev.certmagic;

import java.io.IOException;
import java.util.Optional;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.RenewalWindow;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.issuance.IssuanceService;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.internal.ocsp.OcspMaintenance;

/**
 * The maintainer's look at storage before it renews: another instance sharing the storage may have renewed the
 * certificate already (adopt it instead of ordering again), or the CA may have moved its suggested renewal window
 * (ARI), which updates the cached entry in place.
 */
final class PeerReload {

    private final IssuanceService issuance;
    private final CertificateCache cache;
    private final OcspMaintenance ocsp;
    private final ManagedNames names;

    PeerReload(IssuanceService issuance, CertificateCache cache, OcspMaintenance ocsp, ManagedNames names) {
        this.issuance = issuance;
        this.cache = cache;
        this.ocsp = ocsp;
        this.names = names;
    }

    /**
     * Returns the stapled certificate a peer stored in place of the cached one, or empty when storage holds the
     * same one (its renewal window refreshed meanwhile), none, or an older one.
     */
    Optional<ManagedCertificate> reloadFromPeer(ManagedCertificate cached) throws IOException, InterruptedException {
        Optional<StoredCertificate> stored = issuance.stored(names.primaryName(cached));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        ManagedCertificate candidate = IssuanceService.toManaged(stored.get());
        if (candidate.hash().equals(cached.hash())) {
            refreshRenewalWindow(cached, stored.get());
            return Optional.empty();
        }
        if (candidate.notAfter().isBefore(cached.notAfter())) {
            // Storage holds an older certificate than the one serving; never step back. One with the same
            // expiry is a peer's renewal issued within the same second (CAs date in whole seconds): adopt it.
            return Optional.empty();
        }
        return Optional.of(ocsp.staple(candidate));
    }

    /**
     * The maintainer's ARI step, for the certificate storage holds for a cached one: asks the CA again for its
     * renewal window once the CA's {@code Retry-After} has passed, and swaps in a copy with the new window (same
     * hash and alias) when it moved. The maintainer decides on the entry it holds, so a window moved into the
     * past (the CA wants early renewal) is acted on at the next check.
     */
    private void refreshRenewalWindow(ManagedCertificate cached, StoredCertificate stored)
            throws IOException, InterruptedException {
        Optional<RenewalWindow> window = issuance.refreshRenewalWindow(stored);
        if (window.isPresent() && !window.get().equals(cached.renewalWindow())) {
            cache.replace(cached, cached.withRenewalWindow(window.get()));
        }
    }
}

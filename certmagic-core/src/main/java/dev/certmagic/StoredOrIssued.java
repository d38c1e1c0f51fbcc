package dev.certmagic;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.CertificateCachedEvent;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.cache.StoredCertificateLoader;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.IssuanceService;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.internal.ocsp.OcspMaintenance;
import dev.certmagic.issuance.IssuanceException;

/**
 * Gets a name a certificate to serve: the one storage holds when it serves now and is not known to be revoked,
 * else a new one from the issuer (or a replacement for a revoked stored one). The CA is asked only when storage
 * has nothing servable.
 */
final class StoredOrIssued {

    private final IssuanceService issuance;
    private final RevocationResponder revocations;
    private final CertificateSwap swap;
    private final ManagedRenewals renewals;
    private final OcspMaintenance ocsp;
    private final StoredCertificateLoader loader;
    private final CertificateCache cache;
    private final CertificateEventDispatcher events;
    private final Clock clock;

    StoredOrIssued(IssuanceService issuance, RevocationResponder revocations, CertificateSwap swap,
            ManagedRenewals renewals, OcspMaintenance ocsp, StoredCertificateLoader loader, CertificateCache cache,
            CertificateEventDispatcher events, Clock clock) {
        this.issuance = issuance;
        this.revocations = revocations;
        this.swap = swap;
        this.renewals = renewals;
        this.ocsp = ocsp;
        this.loader = loader;
        this.cache = cache;
        this.events = events;
        this.clock = clock;
    }

    /** The certificate that serves a name now: a cached one that has not expired, else {@link #loadOrObtain}. */
    ManagedCertificate cachedOrObtain(String name) throws IssuanceException, IOException, InterruptedException {
        Instant now = clock.instant();
        for (ManagedCertificate cached : cache.forName(name)) {
            if (cached.notAfter().isAfter(now)) {
                return cached;
            }
        }
        return loadOrObtain(name);
    }

    /** A fresh read of storage (not the shared first load): for retries and explicit requests. */
    ManagedCertificate loadOrObtain(String name) throws IssuanceException, IOException, InterruptedException {
        Optional<StoredCertificate> found = issuance.stored(name);
        String storedHash = null;
        if (found.isPresent()) {
            ManagedCertificate managed = IssuanceService.toManaged(found.get());
            ManagedCertificate served = cacheStored(name, found.get(), managed, false);
            if (served != null) {
                return served;
            }
            storedHash = managed.hash();
        }
        return obtainMissing(name, storedHash);
    }

    /**
     * The loader's read of one name (see {@link StoredCertificateLoader}). The result keeps no certificate or key,
     * so that the loader's record of finished loads never holds on to replaced key material.
     */
    StoredCertificateLoader.Loaded loadFromStorage(String name, boolean onHandshake) throws IOException {
        Optional<StoredCertificate> found = issuance.stored(name);
        if (found.isEmpty()) {
            return StoredCertificateLoader.Loaded.NOTHING;
        }
        ManagedCertificate managed = IssuanceService.toManaged(found.get());
        return cacheStored(name, found.get(), managed, onHandshake) != null ? StoredCertificateLoader.Loaded.SERVED
                : new StoredCertificateLoader.Loaded(false, managed.hash());
    }

    /** After a load that found no servable certificate: replaces a known-revoked stored one, or obtains one. */
    ManagedCertificate obtainMissing(String name, String storedHash)
            throws IssuanceException, IOException, InterruptedException {
        if (storedHash != null && revocations.isRevoked(storedHash)) {
            return revocations.replaceStored(storedHash);
        }
        return swap.swapIn(issuance.obtain(name));
    }

    /**
     * Puts a stored certificate into the cache when it serves the name now and is not known to be revoked. On a
     * handshake thread it goes in at once and its staple, event and renewal check follow on the loader's threads:
     * nothing there may wait on a responder or run listeners.
     *
     * @return the cached certificate, or {@code null} when it must not serve
     */
    private ManagedCertificate cacheStored(String name, StoredCertificate stored, ManagedCertificate managed,
            boolean onHandshake) {
        Instant now = clock.instant();
        if (revocations.isRevoked(managed.hash()) || !stored.servesAt(List.of(name), now)) {
            return null;
        }
        if (!onHandshake) {
            ManagedCertificate served = swap.swapIn(managed);
            renewals.renewIfDue(served, now);
            return served;
        }
        swap.install(managed);
        loader.afterHandshakeLoad(() -> {
            ocsp.stapleInstalled(managed);
            events.publish(new CertificateCachedEvent(managed.names(), managed.notAfter(), clock.instant()));
            renewals.renewIfDue(managed, clock.instant());
        });
        return managed;
    }
}

package dev.certmagic.internal.issuance;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import dev.certmagic.event.CertificateRevokedEvent;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.Revoker;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * Revokes a stored certificate at its CA and removes its assets from storage, under the issuance lock so that no
 * renewal races with it.
 */
public final class RevokeFlow {

    private final Storage storage;
    private final Revoker revoker;
    private final String issuerKey;
    private final CertificateEventDispatcher events;
    private final Clock clock;

    /**
     * Creates the flow.
     *
     * @param storage the storage
     * @param revoker the CA
     * @param issuerKey the issuer's storage key
     * @param events where events go
     * @param clock the source of "now"
     */
    public RevokeFlow(Storage storage, Revoker revoker, String issuerKey, CertificateEventDispatcher events,
            Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.revoker = Objects.requireNonNull(revoker, "revoker");
        this.issuerKey = Objects.requireNonNull(issuerKey, "issuerKey");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Revokes the certificate stored for {@code name} and deletes its assets.
     *
     * @param name the primary name
     * @param reason an RFC 5280 reason code
     * @return {@code true} if a certificate was revoked, {@code false} if none was stored
     * @throws IssuanceException if the CA refused
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted
     */
    public boolean revoke(String name, int reason) throws IssuanceException, IOException, InterruptedException {
        String primary = ObtainFlow.normalize(java.util.List.of(name)).get(0);
        CertificateAssets assets = new CertificateAssets(storage);
        String lockName = StorageKeys.issuanceLockName(primary);
        storage.lock(lockName);
        try {
            Optional<StoredCertificate> stored = assets.load(issuerKey, primary);
            if (stored.isEmpty()) {
                return false;
            }
            revoker.revoke(stored.get().leaf(), reason);
            assets.delete(issuerKey, primary);
            events.publish(new CertificateRevokedEvent(stored.get().names(), issuerKey,
                    stored.get().leaf().getSerialNumber().toString(16), reason, clock.instant()));
            return true;
        } finally {
            storage.unlock(lockName);
        }
    }
}

package dev.certmagic.internal.issuance;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.issuance.Issuer;
import dev.certmagic.issuance.SuggestedRenewal;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * Asks the CA again when it suggests renewing a stored certificate (ARI, RFC 9773), at the pace the CA set with
 * {@code Retry-After} (see {@link SuggestedRenewal#fetched}), and records the answer in the certificate's metadata
 * so that peers and restarts see it. This is how a CA's call for early renewal (for example before revoking)
 * reaches the renewal decision.
 *
 * <p>Cheap when nothing is due: a certificate whose {@link SuggestedRenewal#nextCheck()} lies ahead is returned
 * as it is, without storage or network traffic. The metadata is rewritten under the site's issuance lock, the
 * same lock a renewal holds while it writes a new chain.
 */
public final class RenewalInfoRefresh {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalInfoRefresh.class);

    private final Storage storage;
    private final Issuer issuer;
    private final CertificateAssets assets;
    private final Clock clock;

    /**
     * Creates the refresh.
     *
     * @param storage where certificates and locks live
     * @param issuer the CA that issued the certificates
     * @param clock the source of "now"
     */
    public RenewalInfoRefresh(Storage storage, Issuer issuer, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.assets = new CertificateAssets(storage);
    }

    /**
     * Returns {@code stored} with the CA's current renewal suggestion, asking the CA only when the last answer's
     * {@code nextCheck} has passed (or there is none yet).
     *
     * @param stored a stored certificate of this issuer
     * @return the certificate with the newest suggestion; {@code stored} itself when nothing was due or the CA
     *     offers no renewal information
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted while waiting for the lock or the CA
     */
    public StoredCertificate refresh(StoredCertificate stored) throws IOException, InterruptedException {
        SuggestedRenewal known = stored.renewalInfo();
        if (known != null && !known.recheckDue(clock.instant())) {
            return stored;
        }
        Optional<SuggestedRenewal> fresh = issuer.renewalInfo(stored.leaf());
        if (fresh.isEmpty()) {
            return stored;
        }
        String lockName = StorageKeys.issuanceLockName(stored.names().get(0));
        storage.lock(lockName);
        try {
            if (!assets.storeRenewalInfo(stored, fresh.get())) {
                LOG.debug("Not recording renewal information for {}: its stored chain changed meanwhile",
                        stored.names());
            }
        } finally {
            storage.unlock(lockName);
        }
        if (known == null || !known.window().equals(fresh.get().window())) {
            LOG.info("The CA suggests renewing {} between {} and {}", stored.names(), fresh.get().window().start(),
                    fresh.get().window().end());
        }
        return stored.withRenewalInfo(fresh.get());
    }
}

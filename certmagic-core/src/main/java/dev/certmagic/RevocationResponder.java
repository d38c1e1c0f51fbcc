package dev.certmagic;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.internal.ocsp.OcspStatus;
import dev.certmagic.internal.ocsp.RevocationHandler;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * The manager's answer to a {@code revoked} OCSP response: a forced renewal on the issuance threads, with a new
 * key (the old one archived in storage) when the reason forbids reusing it. If the replacement fails, the revoked
 * certificate stops being served, a {@link CertificateFailedEvent} says why, and the name stays in
 * {@link #revokedNames()} until a later attempt (on the retry schedule) replaces it.
 *
 * <p>Idempotent: a certificate is handled once however often the stapler reports it (each refresh, each restart
 * that loads its stored response), keyed by the certificate's hash.
 */
final class RevocationResponder implements RevocationHandler {

    /** What the responder asks of the manager. */
    interface Actions {

        /** Returns the managed name a certificate is stored under. */
        String primaryName(ManagedCertificate certificate);

        /** Renews, with a fresh key when {@code newKey}; throws on failure. */
        StoredCertificate renew(String name, boolean newKey)
                throws IssuanceException, IOException, InterruptedException;

        /** Staples and caches a replacement. */
        ManagedCertificate install(StoredCertificate replacement);

        /** Stops serving a certificate. */
        void withdraw(ManagedCertificate certificate);

        /** Tries to obtain a certificate for the name again later, on the retry schedule. */
        void retryLater(String name, Throwable failure);

        /** Runs work on the issuance threads. */
        void submit(Runnable task);
    }

    private enum State { REPLACING, REPLACED, FAILED }

    private record Revocation(String name, ManagedCertificate certificate, OcspStatus status, State state) {

        Revocation with(State next) {
            return new Revocation(name, certificate, status, next);
        }

        boolean newKey() {
            return status.reason() != null && status.reason().requiresNewKey();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RevocationResponder.class);

    private final Storage storage;
    private final String issuerKey;
    private final CertificateEventDispatcher events;
    private final Clock clock;
    private final Actions actions;
    private final Map<String, Revocation> byHash = new ConcurrentHashMap<>();

    RevocationResponder(Storage storage, String issuerKey, CertificateEventDispatcher events, Clock clock,
            Actions actions) {
        this.storage = storage;
        this.issuerKey = issuerKey;
        this.events = events;
        this.clock = clock;
        this.actions = actions;
    }

    @Override
    public void onRevoked(ManagedCertificate certificate, OcspStatus status) {
        if (!certificate.managed() || issuerKey == null) {
            if (byHash.putIfAbsent(certificate.hash(), new Revocation(certificate.names().get(0), certificate,
                    status, State.FAILED)) == null) {
                LOG.error("The unmanaged certificate for {} was revoked ({}) at {}; certmagic cannot replace it: "
                        + "replace it yourself", certificate.names(), status.reason(), status.revokedAt());
            }
            return;
        }
        Revocation revocation = new Revocation(actions.primaryName(certificate), certificate, status,
                State.REPLACING);
        if (byHash.putIfAbsent(certificate.hash(), revocation) != null) {
            return;
        }
        if (revocation.newKey()) {
            archiveKey(revocation);
        }
        actions.submit(() -> replace(revocation));
    }

    /**
     * Tells whether a certificate is known to be revoked, so that loading it from storage must replace it instead
     * of serving it.
     */
    boolean isRevoked(String hash) {
        return byHash.containsKey(hash);
    }

    /** Tells whether renewing the certificate with this hash must make a new key. */
    boolean requiresNewKey(String hash) {
        Revocation revocation = byHash.get(hash);
        return revocation != null && revocation.newKey();
    }

    /**
     * Tells whether the replacement of a certificate failed, so it must not be (re)cached.
     */
    boolean isWithdrawn(String hash) {
        Revocation revocation = byHash.get(hash);
        return revocation != null && revocation.state() == State.FAILED;
    }

    /**
     * Replaces a revoked certificate found in storage, now, on the caller's thread.
     *
     * @throws IssuanceException if the renewal failed; the name stays revoked
     */
    ManagedCertificate replaceStored(String hash) throws IssuanceException, IOException, InterruptedException {
        Revocation revocation = byHash.get(hash);
        StoredCertificate renewed = actions.renew(revocation.name(), revocation.newKey());
        ManagedCertificate installed = actions.install(renewed);
        byHash.put(hash, revocation.with(State.REPLACED));
        LOG.info("Replaced the revoked certificate for {} (new serial {})", revocation.certificate().names(),
                renewed.leaf().getSerialNumber().toString(16));
        return installed;
    }

    /** Names whose revoked certificate has not been replaced yet (still being replaced, or not served at all). */
    Set<String> revokedNames() {
        Set<String> names = new TreeSet<>();
        for (Revocation revocation : byHash.values()) {
            if (revocation.state() != State.REPLACED) {
                names.addAll(revocation.certificate().names());
            }
        }
        return Set.copyOf(names);
    }

    private void replace(Revocation revocation) {
        String hash = revocation.certificate().hash();
        try {
            replaceStored(hash);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            byHash.put(hash, revocation.with(State.FAILED));
            actions.withdraw(revocation.certificate());
            Optional<java.time.Instant> next = e instanceof IssuanceException failure ? failure.retryAfter()
                    : Optional.empty();
            IssuanceException cause = new IssuanceException("The certificate for " + revocation.certificate()
                    .names() + " (serial " + revocation.certificate().leaf().getSerialNumber().toString(16)
                    + ") was revoked (" + revocation.status().reason() + ") at " + revocation.status().revokedAt()
                    + " and could not be replaced, so it is no longer served: " + e.getMessage(), true,
                    next.orElse(null), e);
            LOG.error(cause.getMessage());
            events.publish(new CertificateFailedEvent(revocation.certificate().names(), issuerKey, cause, 1, next,
                    true, clock.instant()));
            actions.retryLater(revocation.name(), e);
        }
    }

    private void archiveKey(Revocation revocation) {
        // The key lies under the issuer that issued the certificate, which in a chain need not be the first one.
        String issuedBy = revocation.certificate().issuerKey() != null ? revocation.certificate().issuerKey()
                : issuerKey;
        String from = StorageKeys.sitePrivateKey(issuedBy, revocation.name());
        String to = StorageKeys.archivedPrivateKey(issuedBy, revocation.name(), revocation.status().revokedAt());
        try {
            storage.store(to, storage.load(from));
            LOG.warn("Archived the compromised key of {} at {}; it will never be used again",
                    revocation.certificate().names(), to);
        } catch (KeyNotFoundException e) {
            LOG.debug("No stored key to archive for {}", revocation.certificate().names());
        } catch (IOException e) {
            LOG.error("Cannot archive the compromised key of {} (a new key is made anyway): {}",
                    revocation.certificate().names(), e.toString());
        }
    }
}

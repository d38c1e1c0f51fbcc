package dev.certmagic;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.issuance.Issuer;

/**
 * Runs {@link Issuer#prepare()} ahead of the first order, on the manager's issuance threads, and never fails: the
 * first order meets and retries whatever went wrong here. See {@link CertificateManager#prepareAsync()}.
 */
final class IssuerPreparation {

    /** The manager's logger: the line belongs to the verb the user called. */
    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);

    private IssuerPreparation() {
    }

    static CompletableFuture<Void> prepareAsync(ManagerParts parts) {
        Issuer issuer = parts.issuer();
        if (issuer == null || parts.lifecycle().isClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return parts.threads().<Void>submit(() -> {
                prepareQuietly(issuer);
                return null;
            }).exceptionally(interrupted -> null);
        } catch (RuntimeException closedMeanwhile) {
            // The pool refuses work once the manager closed: there is nothing left to prepare for.
            return CompletableFuture.completedFuture(null);
        }
    }

    private static void prepareQuietly(Issuer issuer) {
        try {
            issuer.prepare();
        } catch (RuntimeException | LinkageError e) {
            // Issuer.prepare() must not throw; one that does still must not fail startup: the order reports it.
            LOG.info("Preparing the issuer ahead of the first order failed; the first order tries again: {}",
                    e.toString());
        }
    }
}

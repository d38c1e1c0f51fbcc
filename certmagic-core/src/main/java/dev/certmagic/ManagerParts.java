package dev.certmagic;

import java.io.IOException;
import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.cache.StoredCertificateLoader;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.IssuanceService;
import dev.certmagic.internal.maintenance.Maintainer;
import dev.certmagic.internal.maintenance.StorageCleaning;
import dev.certmagic.internal.ocsp.OcspMaintenance;
import dev.certmagic.internal.status.CertificateStatusReporter;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.ondemand.OnDemandGate;
import dev.certmagic.storage.Storage;

/**
 * The collaborators of one {@link CertificateManager}, built once by {@link ManagerAssembly} in dependency order.
 *
 * @param issuer the issuer, or {@code null} for a manager that only serves (then {@code issuance} is null too)
 * @param issuance the flows of the issuer, or {@code null}
 * @param onDemandGate the on-demand gate, or {@code null} when on-demand TLS is off
 */
record ManagerParts(
        Clock clock,
        Storage storage,
        ManagerLifecycle lifecycle,
        ManagerThreads threads,
        CertificateEventDispatcher events,
        CertificateCache cache,
        ManagedNames managedNames,
        ChallengeStore challengeStore,
        Http01Responder httpResponder,
        CertificateStatusReporter status,
        @Nullable Issuer issuer,
        @Nullable IssuanceService issuance,
        RevocationResponder revocations,
        OcspMaintenance ocsp,
        CertificateSwap swap,
        StoredCertificateLoader loader,
        StoredOrIssued storedOrIssued,
        NameRetries retries,
        @Nullable OnDemandGate onDemandGate,
        SniKeyManager keyManager,
        ServerSslContext sslContext,
        Maintainer maintainer,
        StorageCleaning storageCleaning) {

    /** The manager's logger: the shutdown below is the manager's. */
    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);

    /** Starts the scheduled work: renewal checks, OCSP refreshes and storage cleaning. */
    void start() {
        maintainer.start();
        ocsp.start();
        storageCleaning.start();
    }

    /**
     * Stops the parts, the schedulers first: maintenance, OCSP (and the JVM-wide properties the TLS context set),
     * the loader, the threads, then the storage, which releases this instance's locks.
     */
    void close() {
        maintainer.close();
        ocsp.close();
        storageCleaning.close();
        sslContext.restoreJvmProperties();
        loader.close();
        threads.close();
        try {
            storage.close();
        } catch (IOException e) {
            LOG.warn("Could not release all storage locks on close (they expire on their own): {}", e.getMessage());
        }
    }
}

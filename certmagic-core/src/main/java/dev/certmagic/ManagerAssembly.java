package dev.certmagic;

import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.cache.StoredCertificateLoader;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.IssuanceService;
import dev.certmagic.internal.issuance.IssuerChain;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.internal.maintenance.Maintainer;
import dev.certmagic.internal.maintenance.StorageCleaner;
import dev.certmagic.internal.maintenance.StorageCleaning;
import dev.certmagic.internal.ocsp.OcspClient;
import dev.certmagic.internal.ocsp.OcspMaintenance;
import dev.certmagic.internal.ocsp.OcspStapler;
import dev.certmagic.internal.status.CertificateStatusReporter;
import dev.certmagic.internal.status.CertificateStatusTracker;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.ondemand.OnDemandGate;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.Storage;

/**
 * Builds the collaborators of a {@link CertificateManager} in dependency order: the one place that knows how they
 * fit. Building starts no thread and touches no file or network.
 *
 * <p>Two links point backwards, because the flows they join are cycles by nature, and both stay inside this class:
 * the loader reads storage through {@link StoredOrIssued}, which hands follow-up work back to the loader's threads;
 * and an OCSP {@code revoked} answer (found by the stapler, inside {@link OcspMaintenance}) is answered by a
 * replacement that is swapped in and stapled through the same {@link OcspMaintenance}.
 */
final class ManagerAssembly {

    private final CertificateManagerBuilder builder;
    private final Clock clock;
    private final Storage storage;
    private final ManagerLifecycle lifecycle = new ManagerLifecycle();
    private final ManagedNames managedNames = new ManagedNames();
    private final ManagerThreads threads;
    private final CertificateEventDispatcher events = new CertificateEventDispatcher();
    private final CertificateCache cache;
    private final ChallengeStore challengeStore;
    private final Issuer issuer;
    private final IssuanceService issuance;
    private final RevocationResponder revocations;
    private final OcspMaintenance ocsp;
    private final CertificateSwap swap;
    private final StoredCertificateLoader loader;
    private final ManagedRenewals renewals;
    private final StoredOrIssued storedOrIssued;
    private final NameRetries retries;

    private ManagerAssembly(CertificateManagerBuilder builder) {
        this.builder = builder;
        this.clock = builder.clock;
        this.storage = builder.storage;
        this.threads = new ManagerThreads(builder.maxConcurrentIssuance);
        this.cache = builder.newCache();
        this.cache.setDefaultServerName(builder.defaultServerName);
        this.challengeStore = new ChallengeStore(storage, IssuerAssembly.issuerKey(builder),
                this::mayHavePeerChallenge, ChallengeStore.DEFAULT_MISS_MEMORY, clock);
        IssuerChain chain = IssuerAssembly.issuers(builder, challengeStore);
        this.issuer = chain == null ? null : chain.first();
        this.issuance = chain == null ? null
                : new IssuanceService(storage, chain, builder.issuancePolicy, builder.renewalPolicy, events, clock);
        this.revocations = new RevocationResponder(storage, issuance == null ? null : issuance.issuerKey(), events,
                clock, new RevocationActions());
        OcspStapler stapler = builder.ocspEnabled ? new OcspStapler(storage, OcspClient.withDefaults(),
                builder.ocspOptions, events, revocations, clock) : null;
        this.ocsp = new OcspMaintenance(cache, stapler, builder.ocspStapling, threads.scheduler(), clock,
                builder.ocspCheckInterval);
        this.swap = new CertificateSwap(ocsp, revocations, events, threads, clock);
        this.loader = new StoredCertificateLoader(cache, managedNames.view(), this::loadFromStorage);
        this.renewals = new ManagedRenewals(issuance, revocations, swap, threads, managedNames, lifecycle);
        this.storedOrIssued = new StoredOrIssued(issuance, revocations, swap, renewals, ocsp, loader, cache, events,
                clock);
        this.retries = new NameRetries(issuance, cache, threads, storedOrIssued::loadOrObtain, lifecycle, clock);
    }

    /** Builds every collaborator of a manager from its builder's settings. */
    static ManagerParts assemble(CertificateManagerBuilder builder) {
        if (builder.issuancePolicy.mustStaple() && !(builder.ocspEnabled && builder.ocspStapling)) {
            // A must-staple certificate served without a staple is rejected by browsers: refuse rather than
            // issue certificates that break every handshake.
            throw new IllegalStateException("Must-staple certificates (mustStaple(true)) are rejected by clients "
                    + "unless every handshake carries an OCSP staple; enable stapling (ocspStapling(true), with "
                    + "ocspEnabled(true)) or set mustStaple(false)");
        }
        if (builder.storage == null) {
            builder.storage = FileStorage.builder(FileStorage.defaultRoot()).clock(builder.clock).build();
        }
        if (builder.renewalPolicy == null) {
            builder.renewalPolicy = new RenewalPolicy(RenewalPolicy.DEFAULT_WINDOW_RATIO,
                    new java.security.SecureRandom().nextLong());
        }
        return new ManagerAssembly(builder).parts();
    }

    private ManagerParts parts() {
        CertificateStatusTracker statusTracker = new CertificateStatusTracker();
        // First, so that listeners reading the status report see the event already accounted for.
        events.addListener(statusTracker);
        builder.listeners.forEach(events::addListener);
        CertificateStatusReporter status = new CertificateStatusReporter(cache, statusTracker,
                builder.renewalPolicy, managedNames::view);
        OnDemandGate onDemandGate = onDemandGate();
        SniKeyManager keyManager = new SniKeyManager(cache, challengeStore, issuance == null ? null : loader,
                onDemandGate != null ? onDemandGate : builder.missingCertificateHandler);
        PeerReload peers = new PeerReload(issuance, cache, ocsp, managedNames);
        Maintainer maintainer = new Maintainer(cache, builder.renewalPolicy,
                issuance == null ? certificate -> { } : renewals::renewDue,
                issuance == null ? cached -> Optional.empty() : peers::reloadFromPeer,
                threads.scheduler(), clock, builder.renewalCheckInterval);
        return new ManagerParts(clock, storage, lifecycle, threads, events, cache, managedNames, challengeStore,
                new Http01Responder(challengeStore), status, issuer, issuance, revocations, ocsp, swap, loader,
                storedOrIssued, retries, onDemandGate, keyManager, new ServerSslContext(ocsp, keyManager),
                maintainer, storageCleaning());
    }

    /** Never removes a certificate a name this instance manages or serves (on-demand ones included) needs. */
    private StorageCleaning storageCleaning() {
        StorageCleaner cleaner = new StorageCleaner(storage, clock, builder.keepExpired, () -> {
            Set<String> names = new HashSet<>(managedNames.view());
            cache.managed().forEach(certificate -> names.addAll(certificate.names()));
            return names;
        });
        return new StorageCleaning(cleaner, events, threads.scheduler(), builder.storageCleanInterval);
    }

    private OnDemandGate onDemandGate() {
        if (builder.onDemandPolicy == null) {
            return null;
        }
        if (issuance == null) {
            throw new IllegalStateException("On-demand TLS needs an issuer: configure acme(...) or issuer(...)");
        }
        OnDemandIssuance onDemand = new OnDemandIssuance(issuance,
                new StoredSites(storage, issuance.issuers().issuers().stream().map(Issuer::issuerKey).toList(), clock),
                swap::swapIn, events, clock);
        OnDemandGate.Builder gate = OnDemandGate.builder(builder.onDemandPolicy, onDemand,
                threads.onDemandExecutor()).clock(clock);
        builder.onDemandSettings.accept(gate);
        // The gate takes one listener: the manager's, which turns every verdict into an OnDemandDecisionEvent.
        return gate.listener(onDemand).build();
    }

    /**
     * Whether a peer of the cluster may have published a challenge for a name, so that looking in storage is worth
     * it: a configured name, a name already served (a peer may renew it, on-demand ones included), or a name the
     * on-demand allowlist admits. Everything else a stranger sends (random Host headers, random SNI) is answered
     * from this instance's memory only, so it never reaches storage.
     */
    private boolean mayHavePeerChallenge(String name) {
        return managedNames.view().contains(name) || !cache.forName(name).isEmpty()
                || builder.onDemandPolicy != null && builder.onDemandPolicy.allowlisted(name);
    }

    /** The loader's source: the loader exists before the part that reads storage for it. */
    private StoredCertificateLoader.Loaded loadFromStorage(String name, boolean onHandshake) throws IOException {
        return storedOrIssued.loadFromStorage(name, onHandshake);
    }

    /** The manager's side of {@link RevocationResponder}; it runs only after assembly has finished. */
    private final class RevocationActions implements RevocationResponder.Actions {

        @Override
        public String primaryName(ManagedCertificate certificate) {
            return managedNames.primaryName(certificate);
        }

        @Override
        public StoredCertificate renew(String name, boolean newKey)
                throws IssuanceException, IOException, InterruptedException {
            return newKey ? issuance.renewWithNewKey(name) : issuance.renew(name);
        }

        @Override
        public ManagedCertificate install(StoredCertificate replacement) {
            return swap.swapIn(replacement);
        }

        @Override
        public void withdraw(ManagedCertificate certificate) {
            ocsp.withdraw(certificate);
        }

        @Override
        public void retryLater(String name, Throwable failure) {
            retries.scheduleRetry(name, failure);
        }

        @Override
        public void submit(Runnable task) {
            if (!lifecycle.isClosed()) {
                threads.submit(() -> {
                    task.run();
                    return null;
                });
            }
        }
    }
}

package dev.certmagic.internal.issuance;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.certificate.RenewalWindow;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RenewFlow;
import dev.certmagic.internal.issuance.RenewalInfoRefresh;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.internal.issuance.RevokeFlow;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.issuance.Revoker;
import dev.certmagic.issuance.SuggestedRenewal;
import dev.certmagic.storage.Storage;

/**
 * The manager's side of issuance: one place that holds the flows of the issuer chain and turns stored certificates into
 * servable ones.
 */
public final class IssuanceService {

    private final ObtainFlow obtainFlow;
    private final RenewFlow renewFlow;
    private final RenewFlow freshKeyRenewFlow;
    private final IssuerChain issuers;
    private final Map<String, RevokeFlow> revokeFlows = new HashMap<>();
    private final Map<String, RenewalInfoRefresh> renewalInfoRefreshes = new HashMap<>();
    private final RetrySchedule retrySchedule;
    private final RenewalPolicy renewalPolicy;

    public IssuanceService(Storage storage, Issuer issuer, IssuancePolicy issuancePolicy, RenewalPolicy renewalPolicy,
            CertificateEventDispatcher events, Clock clock) {
        this(storage, IssuerChain.of(issuer), issuancePolicy, renewalPolicy, events, clock);
    }

    public IssuanceService(Storage storage, IssuerChain issuers, IssuancePolicy issuancePolicy,
            RenewalPolicy renewalPolicy, CertificateEventDispatcher events, Clock clock) {
        this.issuers = issuers;
        this.retrySchedule = new RetrySchedule(storage, clock);
        // One memory of the CAs' Retry-After for both flows: a rate limit is the account's, not the flow's.
        IssuerBackoff backoff = new IssuerBackoff();
        this.obtainFlow = new ObtainFlow(storage, issuers, issuancePolicy, retrySchedule, events, clock, backoff);
        this.renewFlow = new RenewFlow(obtainFlow, clock);
        // A compromised key must never be reused, whatever the key-reuse setting: a second flow that never reuses.
        this.freshKeyRenewFlow = new RenewFlow(new ObtainFlow(storage, issuers, new IssuancePolicy(
                issuancePolicy.keyType(), false, issuancePolicy.mustStaple()), retrySchedule, events, clock, backoff),
                clock);
        // Revocation and renewal information concern one certificate: only the CA that issued it can answer.
        for (Issuer issuer : issuers.issuers()) {
            if (issuer instanceof Revoker revoker) {
                revokeFlows.put(issuer.issuerKey(), new RevokeFlow(storage, revoker, issuer.issuerKey(), events,
                        clock));
            }
            renewalInfoRefreshes.put(issuer.issuerKey(), new RenewalInfoRefresh(storage, issuer, clock));
        }
        this.renewalPolicy = renewalPolicy;
    }

    public Optional<StoredCertificate> stored(String name) throws IOException {
        return obtainFlow.stored(name);
    }

    public StoredCertificate obtain(String name) throws IssuanceException, IOException, InterruptedException {
        return obtainFlow.obtain(List.of(name));
    }

    public StoredCertificate renew(String name) throws IssuanceException, IOException, InterruptedException {
        Optional<StoredCertificate> current = obtainFlow.stored(name);
        if (current.isEmpty()) {
            return obtain(name);
        }
        return renewFlow.renew(current.get());
    }

    public StoredCertificate renewWithNewKey(String name) throws IssuanceException, IOException, InterruptedException {
        Optional<StoredCertificate> current = obtainFlow.stored(name);
        if (current.isEmpty()) {
            return obtain(name);
        }
        return freshKeyRenewFlow.renew(current.get());
    }

    /** The key of the chain's first issuer: the one that names state the whole chain shares. */
    public String issuerKey() {
        return issuers.first().issuerKey();
    }

    /** The issuers certificates are obtained from, and the order of asking them. */
    public IssuerChain issuers() {
        return issuers;
    }

    public boolean revoke(String name, int reason) throws IssuanceException, IOException, InterruptedException {
        Optional<StoredCertificate> stored = obtainFlow.stored(name);
        String issuerKey = stored.map(StoredCertificate::issuerKey).orElse(issuers.first().issuerKey());
        RevokeFlow revokeFlow = revokeFlows.get(issuerKey);
        if (revokeFlow == null) {
            if (stored.isEmpty() && !revokeFlows.isEmpty()) {
                // Nothing stored: any revoking flow answers "nothing to revoke" the same way.
                return revokeFlows.values().iterator().next().revoke(name, reason);
            }
            throw new IllegalStateException("The issuer " + issuerKey + " cannot revoke certificates");
        }
        return revokeFlow.revoke(name, reason);
    }

    public boolean renewalDue(ManagedCertificate certificate, Instant now) {
        return renewalPolicy.needsRenewal(certificate, now);
    }

    public Optional<Instant> nextAttempt(String name) throws IOException {
        return retrySchedule.lastFailure(name).map(RetrySchedule.Failure::nextAttempt);
    }

    /**
     * Asks the CA again for its renewal window of a stored certificate when the last answer's {@code Retry-After}
     * has passed (ARI); see {@link RenewalInfoRefresh}.
     *
     * @return the CA's current window, when it offers one
     */
    public Optional<RenewalWindow> refreshRenewalWindow(StoredCertificate stored)
            throws IOException, InterruptedException {
        RenewalInfoRefresh refresh = renewalInfoRefreshes.get(stored.issuerKey());
        if (refresh == null) {
            return Optional.empty();
        }
        SuggestedRenewal info = refresh.refresh(stored).renewalInfo();
        return Optional.ofNullable(info).map(SuggestedRenewal::window);
    }

    public static ManagedCertificate toManaged(StoredCertificate stored) {
        ManagedCertificate managed = ManagedCertificate.of(stored.chain(), stored.privateKey(), true,
                stored.issuerKey());
        return stored.renewalInfo() == null ? managed : managed.withRenewalWindow(stored.renewalInfo().window());
    }
}

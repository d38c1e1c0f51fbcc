package dev.certmagic;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.OnDemandDecisionEvent;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.IssuanceService;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.ondemand.OnDemandIssuer;
import dev.certmagic.ondemand.OnDemandListener;
import dev.certmagic.ondemand.OnDemandVerdict;
import dev.certmagic.ondemand.OrderPermit;

/**
 * The manager's side of on-demand TLS: a name the policy allowed is served from storage when a valid certificate
 * is there (issued before a restart, or by a peer: no order, no budget spent), else obtained after claiming the
 * order budget. Either way the certificate goes into the cache, so the next handshake never reaches the gate.
 * A name that a recent listing of storage did not show is not read again ({@link StoredSites}): a flood of fresh
 * allowed names costs one listing, not a read each. Decisions become {@link OnDemandDecisionEvent}s.
 */
final class OnDemandIssuance implements OnDemandIssuer, OnDemandListener {

    private final IssuanceService issuance;
    private final Function<StoredCertificate, ManagedCertificate> swapIn;
    private final CertificateEventDispatcher events;
    private final Clock clock;
    private final StoredSites storedSites;

    OnDemandIssuance(IssuanceService issuance, StoredSites storedSites,
            Function<StoredCertificate, ManagedCertificate> swapIn, CertificateEventDispatcher events, Clock clock) {
        this.issuance = issuance;
        this.storedSites = storedSites;
        this.swapIn = swapIn;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public ManagedCertificate loadOrObtain(String name, OrderPermit permit) throws Exception {
        Instant now = clock.instant();
        if (storedSites.mayHold(name)) {
            Optional<StoredCertificate> stored = issuance.stored(name);
            if (stored.isPresent() && stored.get().servesAt(List.of(name), now)) {
                return swapIn.apply(stored.get());
            }
        }
        permit.acquire();
        return swapIn.apply(issuance.obtain(name));
    }

    @Override
    public void onVerdict(String name, OnDemandVerdict verdict) {
        String normalized = verdict == OnDemandVerdict.DENIED_HOSTILE_NAME ? null : HostNames.normalize(name);
        events.publish(new OnDemandDecisionEvent(normalized == null ? List.of() : List.of(normalized), verdict,
                clock.instant()));
    }
}

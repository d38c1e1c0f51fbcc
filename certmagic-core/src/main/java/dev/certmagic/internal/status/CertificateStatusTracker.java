package dev.certmagic.internal.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.certmagic.event.CertificateCachedEvent;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateEventListener;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.event.CertificateObtainedEvent;
import dev.certmagic.event.CertificateObtainingEvent;
import dev.certmagic.event.CertificateRenewedEvent;
import dev.certmagic.event.CertificateRevokedEvent;
import dev.certmagic.event.OcspStapleUpdatedEvent;
import dev.certmagic.issuance.IssuerFailure;
import dev.certmagic.status.LastError;
import dev.certmagic.status.OcspState;

/**
 * Remembers, from the certificate events, what the cache cannot tell: which names have an order under way, the
 * last failure of each name since its last success, which issuers of a chain failed during its last attempt, which
 * serial numbers this instance revoked, and the last OCSP
 * staple of each name. Names are the events' primary names.
 *
 * <p>Memory is bounded for on-demand fleets: at most {@value #MAX_NAMES} names are remembered per kind of fact
 * (further ones are not recorded until some are cleared) and the {@value #MAX_REVOKED} most recent revoked
 * serials. An order that ended without a result event (interrupted, storage failure) stops counting as under way
 * after {@link #STALE_ORDER}. Thread-safe; never throws from {@link #onEvent}.
 */
public final class CertificateStatusTracker implements CertificateEventListener {

    /** The most names remembered per kind of fact. */
    public static final int MAX_NAMES = 10_000;

    /** The most revoked serial numbers remembered. */
    public static final int MAX_REVOKED = 1_024;

    /** How long an order without an outcome counts as under way: far beyond any CA's validation time. */
    public static final Duration STALE_ORDER = Duration.ofHours(1);

    private final Map<String, Instant> inProgress = new ConcurrentHashMap<>();
    private final Map<String, LastError> errors = new ConcurrentHashMap<>();
    private final Map<String, OcspState> ocsp = new ConcurrentHashMap<>();
    private final Map<String, List<IssuerFailure>> issuerFailures = new ConcurrentHashMap<>();
    private final Set<String> revokedSerials = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REVOKED;
        }
    });

    /**
     * Creates a tracker that knows nothing yet.
     */
    public CertificateStatusTracker() {
    }

    /**
     * Records what an event says about its primary name.
     *
     * @param event the event
     */
    @Override
    public void onEvent(CertificateEvent event) {
        if (event.names().isEmpty()) {
            return;
        }
        String name = event.names().get(0);
        if (event instanceof CertificateObtainingEvent obtaining) {
            putBounded(inProgress, name, obtaining.time());
        } else if (event instanceof CertificateObtainedEvent obtained) {
            succeeded(name, obtained.issuerFailures());
        } else if (event instanceof CertificateRenewedEvent renewed) {
            succeeded(name, renewed.issuerFailures());
        } else if (event instanceof CertificateFailedEvent failed) {
            inProgress.remove(name);
            rememberIssuerFailures(name, failed.issuerFailures());
            putBounded(errors, name, new LastError(LastError.messageOf(failed.cause()), failed.time(),
                    failed.attempt(), failed.nextRetry().orElse(null)));
        } else if (event instanceof CertificateRevokedEvent revoked) {
            synchronized (revokedSerials) {
                revokedSerials.add(revoked.serialHex().toLowerCase(java.util.Locale.ROOT));
            }
        } else if (event instanceof OcspStapleUpdatedEvent staple) {
            putBounded(ocsp, name, new OcspState(staple.status(), staple.nextUpdate(), staple.time()));
        } else if (event instanceof CertificateCachedEvent) {
            // Cached certificates are read from the cache itself; nothing to remember.
            return;
        }
    }

    /**
     * Tells whether an order for a name is under way.
     *
     * @param name a primary name
     * @param now the current time (orders older than {@link #STALE_ORDER} no longer count)
     * @return whether it is
     */
    public boolean inProgress(String name, Instant now) {
        Instant started = inProgress.get(name);
        return started != null && started.plus(STALE_ORDER).isAfter(now);
    }

    /**
     * Returns the last failure of a name since its last success.
     *
     * @param name a primary name
     * @return the failure, or empty
     */
    public Optional<LastError> lastError(String name) {
        return Optional.ofNullable(errors.get(name));
    }

    /**
     * Returns the last OCSP staple reported for a name.
     *
     * @param name a primary name
     * @return the staple state, or empty
     */
    public Optional<OcspState> ocsp(String name) {
        return Optional.ofNullable(ocsp.get(name));
    }

    /**
     * Tells whether this instance revoked the certificate with this serial number.
     *
     * @param serialHex the serial number, hexadecimal
     * @return whether it did
     */
    public boolean revoked(String serialHex) {
        synchronized (revokedSerials) {
            return revokedSerials.contains(serialHex.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Returns the issuers that failed during the last attempt for the first of these names that had one.
     *
     * @param names the names of one certificate
     * @return the failures in the order the issuers were asked; empty when the last attempt's first issuer issued
     */
    public List<IssuerFailure> issuerFailures(List<String> names) {
        for (String name : names) {
            List<IssuerFailure> failures = issuerFailures.get(name);
            if (failures != null) {
                return failures;
            }
        }
        return List.of();
    }

    private void succeeded(String name, List<IssuerFailure> failures) {
        inProgress.remove(name);
        errors.remove(name);
        rememberIssuerFailures(name, failures);
    }

    private void rememberIssuerFailures(String name, List<IssuerFailure> failures) {
        // Only the last attempt counts: a success at the first issuer clears what an earlier fallback reported.
        if (failures.isEmpty()) {
            issuerFailures.remove(name);
        } else {
            putBounded(issuerFailures, name, failures);
        }
    }

    private static <V> void putBounded(Map<String, V> map, String name, V value) {
        if (map.size() < MAX_NAMES || map.containsKey(name)) {
            map.put(name, value);
        }
    }
}

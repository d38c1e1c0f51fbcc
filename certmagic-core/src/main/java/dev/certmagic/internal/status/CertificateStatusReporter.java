package dev.certmagic.internal.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.status.CertificateStatus;
import dev.certmagic.status.CertificateView;
import dev.certmagic.status.LastError;
import dev.certmagic.status.OcspState;
import dev.certmagic.storage.StorageKeys;

/**
 * Computes the operator's view of the cache: one {@link CertificateView} per cached certificate, with its status,
 * renewal times and last failure. Pure apart from reading the cache and the tracker: every answer is for the
 * {@code Instant} passed in, so that tests can use a fixed clock.
 */
public final class CertificateStatusReporter {

    private static final KeyAlgorithm[] KEY_TYPES = KeyAlgorithm.values();

    private final CertificateCache cache;
    private final CertificateStatusTracker tracker;
    private final RenewalPolicy renewalPolicy;
    private final Supplier<Set<String>> managedNames;

    /**
     * Creates a reporter.
     *
     * @param cache the certificates
     * @param tracker what the events said
     * @param renewalPolicy when certificates are due
     * @param managedNames the configured names (their storage paths use them as primary names)
     */
    public CertificateStatusReporter(CertificateCache cache, CertificateStatusTracker tracker,
            RenewalPolicy renewalPolicy, Supplier<Set<String>> managedNames) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.renewalPolicy = Objects.requireNonNull(renewalPolicy, "renewalPolicy");
        this.managedNames = Objects.requireNonNull(managedNames, "managedNames");
    }

    /**
     * Returns every cached certificate, sorted by primary name.
     *
     * @param now the instant of the snapshot
     * @return the views
     */
    public List<CertificateView> certificates(Instant now) {
        Set<String> managed = managedNames.get();
        List<CertificateView> views = new ArrayList<>();
        for (ManagedCertificate certificate : cache.all()) {
            views.add(view(certificate, now, managed));
        }
        views.sort(Comparator.comparing((CertificateView view) -> view.names().get(0))
                .thenComparing(CertificateView::keyType));
        return views;
    }

    /**
     * Returns the certificate a handshake for {@code name} would get: exact name, then wildcard, then the default
     * server name (on-demand issuance is not triggered).
     *
     * @param name a host name, as a client would send it
     * @param now the instant of the snapshot
     * @return the view, or empty when a handshake would get no certificate
     */
    public Optional<CertificateView> serving(String name, Instant now) {
        ManagedCertificate certificate = select(name);
        if (certificate == null) {
            for (KeyAlgorithm keyType : KEY_TYPES) {
                certificate = cache.selectDefault(keyType);
                if (certificate != null) {
                    break;
                }
            }
        }
        return certificate == null ? Optional.empty() : Optional.of(view(certificate, now, managedNames.get()));
    }

    /**
     * Returns the certificate that covers {@code name} itself (exact or wildcard, never the default one).
     *
     * @param name a host name
     * @param now the instant of the snapshot
     * @return the view, or empty
     */
    public Optional<CertificateView> covering(String name, Instant now) {
        ManagedCertificate certificate = select(name);
        return certificate == null ? Optional.empty() : Optional.of(view(certificate, now, managedNames.get()));
    }

    /**
     * Returns the last failure of a name since its last success.
     *
     * @param name a host name
     * @return the failure, or empty
     */
    public Optional<LastError> lastError(String name) {
        String normalized = HostNames.normalize(name);
        return normalized == null ? Optional.empty() : tracker.lastError(normalized);
    }

    /**
     * Tells whether an order for a name is under way.
     *
     * @param name a host name
     * @param now the current time
     * @return whether it is
     */
    public boolean obtaining(String name, Instant now) {
        String normalized = HostNames.normalize(name);
        return normalized != null && tracker.inProgress(normalized, now);
    }

    /**
     * Computes the status of one certificate.
     *
     * @param certificate the certificate
     * @param now the current time
     * @return its status
     */
    public CertificateStatus statusOf(ManagedCertificate certificate, Instant now) {
        String serial = certificate.leaf().getSerialNumber().toString(16);
        if (!now.isBefore(certificate.notAfter())) {
            return CertificateStatus.EXPIRED;
        }
        OcspState staple = firstKnown(certificate, tracker::ocsp);
        if (tracker.revoked(serial) || staple != null && "revoked".equalsIgnoreCase(staple.status())) {
            return CertificateStatus.REVOKED;
        }
        if (!certificate.managed()) {
            return CertificateStatus.VALID;
        }
        for (String name : certificate.names()) {
            if (tracker.inProgress(name, now)) {
                return CertificateStatus.RENEWING;
            }
        }
        if (firstKnown(certificate, tracker::lastError) != null) {
            return CertificateStatus.FAILING;
        }
        return renewalPolicy.needsRenewal(certificate, now) ? CertificateStatus.EXPIRING : CertificateStatus.VALID;
    }

    private CertificateView view(ManagedCertificate certificate, Instant now, Set<String> managed) {
        CertificateStatus status = statusOf(certificate, now);
        LastError lastError = certificate.managed() ? firstKnown(certificate, tracker::lastError) : null;
        Instant renewalTime = certificate.managed() ? renewalPolicy.renewalTime(certificate) : null;
        Instant nextAttempt = renewalTime;
        if (lastError != null) {
            nextAttempt = lastError.nextAttempt() == null ? null
                    : lastError.nextAttempt().isAfter(renewalTime) ? lastError.nextAttempt() : renewalTime;
        }
        String storageKey = certificate.managed() && certificate.issuerKey() != null
                ? StorageKeys.sitePrefix(certificate.issuerKey(), primaryName(certificate, managed)) : null;
        return new CertificateView(certificate.names(), certificate.managed(),
                certificate.leaf().getIssuerX500Principal().getName(),
                certificate.leaf().getSerialNumber().toString(16).toLowerCase(Locale.ROOT),
                certificate.keyAlgorithm().name(), certificate.notBefore(), certificate.notAfter(), renewalTime,
                nextAttempt, status, lastError, certificate.renewalWindow(), firstKnown(certificate, tracker::ocsp),
                storageKey, certificate.managed() ? certificate.issuerKey() : null,
                certificate.managed() ? tracker.issuerFailures(certificate.names()) : List.of());
    }

    private ManagedCertificate select(String name) {
        String normalized = name == null ? null : HostNames.normalize(name);
        if (normalized == null) {
            return null;
        }
        for (KeyAlgorithm keyType : KEY_TYPES) {
            ManagedCertificate certificate = cache.select(normalized, keyType);
            if (certificate != null) {
                return certificate;
            }
        }
        return null;
    }

    private static String primaryName(ManagedCertificate certificate, Set<String> managed) {
        for (String name : certificate.names()) {
            if (managed.contains(name)) {
                return name;
            }
        }
        return certificate.names().get(0);
    }

    private static <T> T firstKnown(ManagedCertificate certificate,
            java.util.function.Function<String, Optional<T>> lookup) {
        for (String name : certificate.names()) {
            Optional<T> found = lookup.apply(name);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return null;
    }
}

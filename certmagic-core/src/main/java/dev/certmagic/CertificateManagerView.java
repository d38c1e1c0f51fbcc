package dev.certmagic;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.ondemand.OnDemandGate;
import dev.certmagic.status.CertificateView;
import dev.certmagic.status.LastError;
import dev.certmagic.storage.Storage;
import dev.certmagic.tls.HandshakeCounters;

/**
 * A read-only look into a {@link CertificateManager}, for operators' tools (actuator endpoint, health, info,
 * metrics) and tests: what is cached and served, the status of each certificate, failures and counters. Nothing
 * here changes what the manager serves; get it from {@link CertificateManager#view()}.
 */
public final class CertificateManagerView {

    private final ManagerParts parts;

    CertificateManagerView(ManagerParts parts) {
        this.parts = parts;
    }

    /**
     * Reports every cached certificate as operators see it (status, renewal times, last failure), as of now by
     * the manager's clock.
     *
     * @return the views, sorted by primary name
     */
    public List<CertificateView> certificates() {
        return certificates(parts.clock().instant());
    }

    /**
     * Reports every cached certificate as of a chosen instant.
     *
     * @param now the instant to judge validity and renewal at
     * @return the views, sorted by primary name
     */
    public List<CertificateView> certificates(Instant now) {
        return parts.status().certificates(now);
    }

    /**
     * Reports the certificate a handshake for {@code name} would be served now (exact, then wildcard match).
     *
     * @param name a host name
     * @param now the instant to judge at
     * @return the view, or empty when no cached certificate serves the name
     */
    public Optional<CertificateView> serving(String name, Instant now) {
        return parts.status().serving(name, now);
    }

    /**
     * Reports the best cached certificate that covers {@code name}, whether or not it serves now (expired or
     * revoked ones included), so that health checks can say why a name is not served.
     *
     * @param name a host name
     * @param now the instant to judge at
     * @return the view, or empty when nothing cached covers the name
     */
    public Optional<CertificateView> covering(String name, Instant now) {
        return parts.status().covering(name, now);
    }

    /**
     * Returns the last failure recorded for a name.
     *
     * @param name a host name
     * @return the failure, or empty when the last attempt succeeded or none was made
     */
    public Optional<LastError> lastError(String name) {
        return parts.status().lastError(name);
    }

    /**
     * Tells whether an order for {@code name} is under way.
     *
     * @param name a host name
     * @param now the instant to judge at
     * @return whether the manager is obtaining a certificate for the name
     */
    public boolean obtaining(String name, Instant now) {
        return parts.status().obtaining(name, now);
    }

    /**
     * Returns the cached certificates whose names include {@code name} (exact names only, no wildcard match).
     *
     * @param name a host name
     * @return an immutable list, empty when none is cached
     */
    public List<ManagedCertificate> cached(String name) {
        return List.copyOf(parts.cache().forName(name));
    }

    /**
     * Resolves a key-manager alias ({@link ManagedCertificate#alias()}) to the certificate it names, as
     * {@link CertificateManager#keyManager()} would for a handshake: the cached certificate, or one displaced within
     * the alias grace period. Lock-free, for servers that attach per-certificate data (the current OCSP staple) to
     * each handshake themselves.
     *
     * @param alias the alias
     * @return the certificate, or empty when the alias no longer resolves
     */
    public Optional<ManagedCertificate> byAlias(String alias) {
        return Optional.ofNullable(parts.cache().byAlias(alias));
    }

    /**
     * Returns the cached certificates the manager obtains and renews (unmanaged ones left out).
     *
     * @return an immutable list
     */
    public List<ManagedCertificate> managedCertificates() {
        return List.copyOf(parts.cache().managed());
    }

    /**
     * Returns the managed names (normalized).
     *
     * @return an immutable snapshot
     */
    public Set<String> managedNames() {
        return parts.managedNames().snapshot();
    }

    /**
     * Returns the names whose certificate an OCSP responder reported as revoked and that have no replacement yet:
     * either a forced renewal is under way (the revoked certificate still serves meanwhile) or it failed and the
     * name is served by no certificate until a retry succeeds. Revoked unmanaged certificates are listed too (they
     * keep serving: certmagic cannot replace them). Empty normally.
     *
     * @return an immutable snapshot, sorted
     */
    public Set<String> revokedNames() {
        return parts.revocations().revokedNames();
    }

    /**
     * Returns when the next attempt for a name whose issuance failed is allowed.
     *
     * @param name the host name
     * @return the time, or empty when the name has no failure on record (or the manager has no issuer)
     * @throws IOException if storage failed
     */
    public Optional<Instant> nextAttempt(String name) throws IOException {
        return parts.issuance() == null ? Optional.empty()
                : parts.issuance().nextAttempt(HostNames.normalize(name));
    }

    /**
     * Returns the counts of certificate selections by result on {@link CertificateManager#keyManager()}.
     *
     * @return the live counters
     */
    public HandshakeCounters handshakeCounters() {
        return parts.keyManager().counters();
    }

    /**
     * Returns the on-demand gate, for its counters, when on-demand TLS is on.
     *
     * @return the gate, or empty
     */
    public Optional<OnDemandGate> onDemandGate() {
        return Optional.ofNullable(parts.onDemandGate());
    }

    /**
     * Returns the storage the manager reads and writes.
     *
     * @return the storage
     */
    public Storage storage() {
        return parts.storage();
    }

    /**
     * Returns the clock of the manager's time decisions, so that observers report on the same "now".
     *
     * @return the clock
     */
    public Clock clock() {
        return parts.clock();
    }
}

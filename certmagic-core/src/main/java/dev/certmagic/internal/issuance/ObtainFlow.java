package dev.certmagic.internal.issuance;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.event.CertificateObtainedEvent;
import dev.certmagic.event.CertificateObtainingEvent;
import dev.certmagic.event.CertificateRenewedEvent;
import dev.certmagic.internal.crypto.KeyPairs;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.issuance.CertificateRequest;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.issuance.IssuedCertificate;
import dev.certmagic.issuance.IssuerFailure;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * Obtains a certificate for a list of names, safely in a cluster: CertMagic's {@code obtainCert}.
 *
 * <ol>
 *   <li>a certificate in storage that serves the names now, under the key of any issuer of the chain (the newest
 *       when several do), is returned without contacting a CA;</li>
 *   <li>an attempt that the {@link RetrySchedule} does not allow yet fails at once with the time to retry;</li>
 *   <li>the lock {@code issue_cert_<name>} is taken, and storage is read again: a peer may have finished;</li>
 *   <li>a key and CSR are made and the issuers of the {@link IssuerChain} are asked in the policy's order until
 *       one issues: a failure at one issuer (unreachable, rate limit, server error, a refused profile) moves on
 *       to the next within the same attempt (CertMagic's issuer loop in {@code obtainCert});</li>
 *   <li>key, chain and metadata are written under the issuing issuer's key by {@link CertificateAssets}, so that
 *       a crash never leaves a mismatched pair;</li>
 *   <li>the lock is released; events report each step.</li>
 * </ol>
 */
public final class ObtainFlow {

    private static final Logger LOG = LoggerFactory.getLogger(ObtainFlow.class);

    private final Storage storage;
    private final IssuerChain issuers;
    private final IssuancePolicy policy;
    private final RetrySchedule retrySchedule;
    private final CertificateEventDispatcher events;
    private final Clock clock;
    private final CertificateAssets assets;
    private final IssuerBackoff backoff;

    /**
     * Creates the flow for one issuer.
     *
     * @param storage where certificates, locks and retry state live
     * @param issuer the CA
     * @param policy key type, key reuse, must-staple
     * @param retrySchedule the back-off after failures
     * @param events where events go
     * @param clock the source of "now"
     */
    public ObtainFlow(Storage storage, Issuer issuer, IssuancePolicy policy, RetrySchedule retrySchedule,
            CertificateEventDispatcher events, Clock clock) {
        this(storage, IssuerChain.of(Objects.requireNonNull(issuer, "issuer")), policy, retrySchedule, events,
                clock);
    }

    /**
     * Creates the flow for a chain of issuers.
     *
     * @param storage where certificates, locks and retry state live
     * @param issuers the CAs and the order of asking them
     * @param policy key type, key reuse, must-staple
     * @param retrySchedule the back-off after failures (one per name, for the whole chain)
     * @param events where events go
     * @param clock the source of "now"
     */
    public ObtainFlow(Storage storage, IssuerChain issuers, IssuancePolicy policy, RetrySchedule retrySchedule,
            CertificateEventDispatcher events, Clock clock) {
        this(storage, issuers, policy, retrySchedule, events, clock, new IssuerBackoff());
    }

    ObtainFlow(Storage storage, IssuerChain issuers, IssuancePolicy policy, RetrySchedule retrySchedule,
            CertificateEventDispatcher events, Clock clock, IssuerBackoff backoff) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.issuers = Objects.requireNonNull(issuers, "issuers");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.retrySchedule = Objects.requireNonNull(retrySchedule, "retrySchedule");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.assets = new CertificateAssets(storage);
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * Returns a certificate that serves all {@code names} now, from storage if there is one, otherwise from the
     * issuers.
     *
     * @param names the names, primary first; normalized to lowercase without trailing dot
     * @return the stored certificate
     * @throws IssuanceException if no CA issued, or the retry schedule does not allow an attempt yet
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted while waiting for the lock or the CA
     */
    public StoredCertificate obtain(List<String> names) throws IssuanceException, IOException, InterruptedException {
        List<String> normalized = normalize(names);
        return run(normalized, false, stored -> stored.servesAt(normalized, clock.instant()), null);
    }

    /**
     * Returns the certificate stored for a primary name under the key of any issuer of the chain, if it is
     * complete and consistent; when several issuers hold one, the most recently issued (CertMagic's
     * {@code loadCertResourceAnyIssuer}), so that a renewal at another issuer of the chain wins over the older
     * certificate it replaced.
     *
     * @param primaryName the primary name
     * @return the certificate, or empty
     * @throws IOException if storage failed
     */
    public Optional<StoredCertificate> stored(String primaryName) throws IOException {
        return loadAny(normalize(List.of(primaryName)).get(0));
    }

    private Optional<StoredCertificate> loadAny(String primary) throws IOException {
        if (issuers.issuers().size() == 1) {
            return assets.load(issuers.first().issuerKey(), primary);
        }
        List<StoredCertificate> found = new ArrayList<>();
        for (Issuer issuer : issuers.issuers()) {
            assets.load(issuer.issuerKey(), primary).ifPresent(found::add);
        }
        return found.stream().max(Comparator.comparing((StoredCertificate stored) -> stored.leaf().getNotBefore())
                .thenComparing(StoredCertificate::notAfter));
    }

    StoredCertificate run(List<String> names, boolean renewal, Predicate<StoredCertificate> done,
            StoredCertificate replaces) throws IssuanceException, IOException, InterruptedException {
        String primary = names.get(0);
        Optional<StoredCertificate> existing = loadAny(primary);
        if (existing.isPresent() && done.test(existing.get())) {
            return existing.get();
        }
        refuseIfBlocked(primary);
        String lockName = StorageKeys.issuanceLockName(primary);
        storage.lock(lockName);
        try {
            existing = loadAny(primary);
            if (existing.isPresent() && done.test(existing.get())) {
                return existing.get();
            }
            refuseIfBlocked(primary);
            return issue(names, renewal, replaces);
        } finally {
            storage.unlock(lockName);
        }
    }

    private StoredCertificate issue(List<String> names, boolean renewal, StoredCertificate replaces)
            throws IssuanceException, IOException, InterruptedException {
        ChainFailures failures = new ChainFailures();
        String lastAsked = issuers.first().issuerKey();
        boolean chain = issuers.issuers().size() > 1;
        for (Issuer issuer : issuers.attemptOrder()) {
            lastAsked = issuer.issuerKey();
            try {
                issuer.preCheck(names);
            } catch (IssuanceException e) {
                failures.add(issuer.issuerKey(), e, clock.instant());
                continue;
            }
            Optional<Instant> waiting = chain ? backoff.waiting(issuer.issuerKey(), clock.instant())
                    : Optional.empty();
            if (waiting.isPresent()) {
                // It told us when to come back; the next issuer of the chain is asked meanwhile.
                failures.add(issuer.issuerKey(), new IssuanceException(issuer.issuerKey() + " asked not to be "
                        + "contacted before " + waiting.get(), true, waiting.get(), null), clock.instant());
                continue;
            }
            LOG.info("{} a certificate for {} from {}", renewal ? "Renewing" : "Obtaining", names,
                    issuer.issuerKey());
            events.publish(new CertificateObtainingEvent(names, issuer.issuerKey(), renewal, clock.instant()));
            // From here every outcome ends in an event: the status must never show an order under way that ended.
            try {
                return issueAndStore(issuer, names, renewal, replaces, failures.failures());
            } catch (IssuanceException e) {
                failures.add(issuer.issuerKey(), e, clock.instant());
                e.retryAfter().ifPresent(until -> backoff.record(issuer.issuerKey(), until));
            } catch (IOException e) {
                // Storage, not the CA, failed: another issuer would fail the same way.
                failures.add(issuer.issuerKey(), new IssuanceException("Storage failed while obtaining a "
                        + "certificate for " + names + ": " + e.getMessage(), true, null, e), clock.instant());
                fail(names, renewal, issuer.issuerKey(), failures);
                throw e;
            } catch (RuntimeException | Error e) {
                // An Error too (OutOfMemoryError, StackOverflowError): the order ended, and the schedule decides
                // when to try again, rather than a dead task leaving the name "obtaining" with no retry.
                failures.add(issuer.issuerKey(), new IssuanceException("Issuance for " + names + " failed: " + e,
                        true, null, e), clock.instant());
            }
            if (issuers.issuers().size() > 1) {
                LOG.warn("{} could not issue a certificate for {}; asking the next issuer of the chain: {}",
                        issuer.issuerKey(), names, failures.failures().get(failures.failures().size() - 1)
                                .message());
            }
        }
        throw fail(names, renewal, lastAsked, failures);
    }

    private StoredCertificate issueAndStore(Issuer issuer, List<String> names, boolean renewal,
            StoredCertificate replaces, List<IssuerFailure> earlierFailures)
            throws IssuanceException, IOException, InterruptedException {
        String primary = names.get(0);
        // The first request of a cold start registers the account while the others make their keys and CSRs.
        issuer.prepare();
        KeyType keyType = issuer.keyType().orElse(policy.keyType());
        KeyPair keyPair = keyFor(primary, keyType);
        // Only the CA that issued a certificate knows it: another CA of the chain would refuse an order that
        // names it as replaced (RFC 9773).
        X509Certificate replaced = replaces != null && replaces.issuerKey().equals(issuer.issuerKey())
                ? replaces.leaf() : null;
        IssuedCertificate issued = issuer.issue(new CertificateRequest(names, CsrFactory.create(names, keyPair,
                policy.mustStaple()), replaced));
        if (!KeyPairs.matches(keyPair.getPrivate(), issued.leaf().getPublicKey())) {
            throw new IssuanceException("The CA returned a certificate for another key for " + names, false, null,
                    null);
        }
        Instant now = clock.instant();
        assets.store(names, issued.chain(), keyPair.getPrivate(), issuer.issuerKey(), keyType, now,
                issued.renewalInfo());
        retrySchedule.recordSuccess(primary);
        backoff.clear(issuer.issuerKey());
        LOG.info("Stored the certificate for {} from {} (valid until {})", names, issuer.issuerKey(),
                issued.leaf().getNotAfter().toInstant());
        StoredCertificate stored = new StoredCertificate(names, issued.chain(), keyPair.getPrivate(),
                issuer.issuerKey(), issued.renewalInfo());
        events.publish(renewal
                ? new CertificateRenewedEvent(names, issuer.issuerKey(), stored.notAfter(), now, earlierFailures)
                : new CertificateObtainedEvent(names, issuer.issuerKey(), stored.notAfter(), now, earlierFailures));
        return stored;
    }

    private KeyPair keyFor(String primary, KeyType keyType) throws IOException {
        if (policy.reuseKey()) {
            Optional<StoredCertificate> stored = loadAny(primary);
            if (stored.isPresent() && keyType.matches(stored.get().leaf().getPublicKey())) {
                PrivateKey key = stored.get().privateKey();
                return new KeyPair(stored.get().leaf().getPublicKey(), key);
            }
        }
        return keyType.generate();
    }

    private void refuseIfBlocked(String primary) throws IOException, IssuanceException {
        Optional<Instant> blocked = retrySchedule.blockedUntil(primary);
        if (blocked.isPresent()) {
            throw new IssuanceException("Issuance for " + primary + " failed recently; next attempt allowed at "
                    + blocked.get(), true, blocked.get(), null);
        }
    }

    private IssuanceException fail(List<String> names, boolean renewal, String issuerKey, ChainFailures failures)
            throws IOException {
        IssuanceException cause = failures.combined(names);
        List<IssuerFailure> perIssuer = failures.failures();
        Instant now = clock.instant();
        if (!cause.retryable()) {
            LOG.error("Cannot obtain a certificate for {}: {}", names, cause.getMessage());
            events.publish(new CertificateFailedEvent(names, issuerKey, cause, 1, Optional.empty(), renewal, now,
                    perIssuer));
            return cause;
        }
        RetrySchedule.Failure failure;
        try {
            failure = retrySchedule.recordFailure(names.get(0), cause.retryAfter().orElse(null));
        } catch (IOException | RuntimeException e) {
            // Storage failed too: still end the order in the status, without a next attempt to promise.
            events.publish(new CertificateFailedEvent(names, issuerKey, cause, 1, Optional.empty(), renewal, now,
                    perIssuer));
            throw e;
        }
        LOG.warn("Obtaining a certificate for {} failed (attempt {}), next attempt at {}: {}", names,
                failure.attempt(), failure.nextAttempt(), cause.getMessage());
        events.publish(new CertificateFailedEvent(names, issuerKey, cause, failure.attempt(),
                Optional.of(failure.nextAttempt()), renewal, now, perIssuer));
        return new IssuanceException(cause.getMessage() + " (attempt " + failure.attempt() + ", next attempt at "
                + failure.nextAttempt() + ")", true, failure.nextAttempt(), cause);
    }

    static List<String> normalize(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("At least one name is required");
        }
        List<String> result = new ArrayList<>();
        for (String name : names) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (n.endsWith(".")) {
                n = n.substring(0, n.length() - 1);
            }
            if (n.isEmpty()) {
                throw new IllegalArgumentException("Empty name in " + names);
            }
            if (!result.contains(n)) {
                result.add(n);
            }
        }
        return List.copyOf(result);
    }
}

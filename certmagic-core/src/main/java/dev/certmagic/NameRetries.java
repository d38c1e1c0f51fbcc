package dev.certmagic;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.issuance.IssuanceService;
import dev.certmagic.issuance.IssuanceException;

/**
 * Retries managed names that have no certificate after a failed attempt, at the time the retry schedule allows
 * (a minute when it has no record), until one succeeds, the name is served some other way, or the manager closes.
 * Failures the configuration must fix first are logged once and not retried.
 */
final class NameRetries {

    /** One more attempt for a name: a fresh read of storage, else an order. */
    interface Attempt {
        ManagedCertificate run(String name) throws IssuanceException, IOException, InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NameRetries.class);
    private static final Duration WITHOUT_SCHEDULE = Duration.ofMinutes(1);

    private final IssuanceService issuance;
    private final CertificateCache cache;
    private final ManagerThreads threads;
    private final Attempt attempt;
    private final ManagerLifecycle lifecycle;
    private final Clock clock;

    NameRetries(IssuanceService issuance, CertificateCache cache, ManagerThreads threads, Attempt attempt,
            ManagerLifecycle lifecycle, Clock clock) {
        this.issuance = issuance;
        this.cache = cache;
        this.threads = threads;
        this.attempt = attempt;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** Schedules the next attempt for a name whose attempt just failed with {@code failure}. */
    void scheduleRetry(String name, Throwable failure) {
        if (lifecycle.isClosed()) {
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof IssuanceException issuanceFailure && !issuanceFailure.retryable()) {
            LOG.error("Obtaining a certificate for {} failed and will not be retried until the configuration "
                    + "changes: {}", name, cause.getMessage());
            return;
        }
        Instant next;
        try {
            next = issuance.nextAttempt(name).orElse(clock.instant().plus(WITHOUT_SCHEDULE));
        } catch (IOException e) {
            next = clock.instant().plus(WITHOUT_SCHEDULE);
        }
        Duration delay = Duration.between(clock.instant(), next);
        LOG.warn("Obtaining a certificate for {} failed ({}); next attempt at {}", name, cause.getMessage(), next);
        threads.schedule(() -> {
            if (!lifecycle.isClosed() && cache.forName(name).isEmpty()) {
                threads.submit(() -> attempt.run(name)).whenComplete((certificate, again) -> {
                    if (again != null) {
                        scheduleRetry(name, again);
                    }
                });
            }
        }, delay.isNegative() ? Duration.ZERO : delay);
    }
}

package dev.certmagic.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.certmagic.issuance.IssuerFailure;

/**
 * Obtaining or renewing a certificate failed. A serving certificate is kept; the next attempt follows the retry
 * schedule. With several issuers, every issuer of the chain was asked: {@code issuerFailures} says why each
 * failed, and {@code cause} sums them up.
 *
 * @param names the names, primary first
 * @param issuerKey the issuer asked last
 * @param cause why it failed
 * @param attempt how many attempts in a row have failed
 * @param nextRetry when the next attempt may start, empty if the failure is not retryable
 * @param renewal whether it was a renewal
 * @param time when it failed
 * @param issuerFailures each issuer's failure in the order asked; empty when the attempt failed before any issuer
 *     was asked (storage, a lock)
 */
public record CertificateFailedEvent(List<String> names, String issuerKey, Throwable cause, int attempt,
        Optional<Instant> nextRetry, boolean renewal, Instant time, List<IssuerFailure> issuerFailures)
        implements CertificateEvent {

    /**
     * Copies the lists.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer asked last
     * @param cause why it failed
     * @param attempt how many attempts in a row have failed
     * @param nextRetry when the next attempt may start, empty if the failure is not retryable
     * @param renewal whether it was a renewal
     * @param time when it failed
     * @param issuerFailures each issuer's failure in the order asked
     */
    public CertificateFailedEvent {
        names = List.copyOf(names);
        issuerFailures = List.copyOf(issuerFailures);
    }

    /**
     * Creates the event of a failure without per-issuer detail.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer asked
     * @param cause why it failed
     * @param attempt how many attempts in a row have failed
     * @param nextRetry when the next attempt may start, empty if the failure is not retryable
     * @param renewal whether it was a renewal
     * @param time when it failed
     */
    public CertificateFailedEvent(List<String> names, String issuerKey, Throwable cause, int attempt,
            Optional<Instant> nextRetry, boolean renewal, Instant time) {
        this(names, issuerKey, cause, attempt, nextRetry, renewal, time, List.of());
    }
}

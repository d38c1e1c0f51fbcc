package dev.certmagic.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Obtaining or renewing a certificate failed. A serving certificate is kept; the next attempt follows the retry
 * schedule.
 *
 * @param names the names, primary first
 * @param issuerKey the issuer asked
 * @param cause why it failed
 * @param attempt how many attempts in a row have failed
 * @param nextRetry when the next attempt may start, empty if the failure is not retryable
 * @param renewal whether it was a renewal
 * @param time when it failed
 */
public record CertificateFailedEvent(List<String> names, String issuerKey, Throwable cause, int attempt,
        Optional<Instant> nextRetry, boolean renewal, Instant time) implements CertificateEvent {

    /**
     * Copies the names.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer asked
     * @param cause why it failed
     * @param attempt how many attempts in a row have failed
     * @param nextRetry when the next attempt may start, empty if the failure is not retryable
     * @param renewal whether it was a renewal
     * @param time when it failed
     */
    public CertificateFailedEvent {
        names = List.copyOf(names);
    }
}

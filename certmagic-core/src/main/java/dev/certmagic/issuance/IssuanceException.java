package dev.certmagic.issuance;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Obtaining, renewing or revoking a certificate failed. It carries what the caller needs to act: whether trying
 * again can help at all (a refused terms of service or an unauthorized name cannot be fixed by waiting) and, when
 * known, the earliest time to try again.
 */
public class IssuanceException extends Exception {

    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Whether a later attempt may succeed. */
    private final boolean retryable;
    /** The earliest time to try again, or {@code null}. */
    private final @Nullable Instant retryAfter;

    /**
     * Creates the exception.
     *
     * @param message what failed and, for non-retryable errors, what to change
     * @param retryable whether a later attempt may succeed without a change of configuration
     * @param retryAfter the earliest time to try again, or {@code null} if unknown
     * @param cause the underlying failure, or {@code null}
     */
    public IssuanceException(String message, boolean retryable, @Nullable Instant retryAfter,
            @Nullable Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /**
     * Tells whether a later attempt may succeed without a change of configuration.
     *
     * @return {@code true} for transient failures (network, rate limits, server errors)
     */
    public boolean retryable() {
        return retryable;
    }

    /**
     * Returns the earliest time to try again, as told by the CA ({@code Retry-After}) or by the retry schedule.
     *
     * @return the time, if known
     */
    public Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

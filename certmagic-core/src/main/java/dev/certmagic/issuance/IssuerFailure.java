package dev.certmagic.issuance;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One issuer of a chain that did not issue during an attempt, and why; the attempt went on to the next issuer.
 * Events and the status view carry these so that an operator sees that a fallback CA served and which CA failed.
 *
 * @param issuerKey the issuer's storage key (see {@link Issuer#issuerKey()})
 * @param message why it failed, single-line and shortened, fit for a status page
 * @param time when it failed
 * @param retryable whether asking this issuer again later may succeed
 * @param retryAfter when the CA asked to be contacted again ({@code Retry-After}), or {@code null}
 */
public record IssuerFailure(String issuerKey, String message, Instant time, boolean retryable,
        @Nullable Instant retryAfter) {

    /**
     * Checks the required parts.
     *
     * @param issuerKey the issuer's storage key
     * @param message why it failed
     * @param time when it failed
     * @param retryable whether asking again later may succeed
     * @param retryAfter when the CA asked to be contacted again, or {@code null}
     */
    public IssuerFailure {
        Objects.requireNonNull(issuerKey, "issuerKey");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(time, "time");
    }
}

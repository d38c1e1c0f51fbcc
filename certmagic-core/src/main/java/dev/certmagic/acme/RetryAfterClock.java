package dev.certmagic.acme;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.certmagic.issuance.IssuanceException;

/**
 * Moves a CA's {@code Retry-After} into the manager's clock. acme4j turns the header into an absolute instant
 * with the system clock; every decision here runs on the injected {@link Clock} (virtual in tests, possibly offset
 * in odd deployments). What the CA means is a delay, so the delay is kept: measured against the system clock,
 * rounded up to the header's one-second resolution (acme4j adds the seconds to the response's {@code Date}, which
 * is truncated to the second, so the measured delay is up to a second short), and added to the injected clock's "now".
 */
final class RetryAfterClock {

    private final Clock clock;
    private final Clock acme4jClock;

    RetryAfterClock(Clock clock, Clock acme4jClock) {
        this.clock = clock;
        this.acme4jClock = acme4jClock;
    }

    /** Returns the instant in the injected clock's frame for an instant acme4j computed; {@code null} stays. */
    Instant rebase(Instant acme4jInstant) {
        if (acme4jInstant == null) {
            return null;
        }
        long millis = Duration.between(acme4jClock.instant(), acme4jInstant).toMillis();
        long seconds = Math.max(0, (long) Math.ceil(millis / 1000.0));
        return clock.instant().plusSeconds(seconds);
    }

    /** Returns the exception with its {@code retryAfter} rebased; the same exception when it has none. */
    IssuanceException rebase(IssuanceException e) {
        if (e.retryAfter().isEmpty()) {
            return e;
        }
        return new IssuanceException(e.getMessage(), e.retryable(), rebase(e.retryAfter().get()), e.getCause());
    }
}

package dev.certmagic.issuance;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.certmagic.certificate.RenewalWindow;

/**
 * What the CA last said about when to renew one certificate (ACME Renewal Information, RFC 9773), and when to ask
 * again. The window moves when the CA wants early renewal (for example before a mass revocation), so it is asked
 * again periodically; the CA's {@code Retry-After} sets the pace, within bounds that keep a silent or careless CA
 * from being polled too often or too rarely.
 *
 * @param window the suggested renewal window
 * @param nextCheck the earliest time to ask the CA again
 */
public record SuggestedRenewal(RenewalWindow window, Instant nextCheck) {

    /** How long to wait before asking again when the CA sent no {@code Retry-After}. */
    public static final Duration DEFAULT_RECHECK = Duration.ofHours(6);

    /** The longest wait honoured: a revoked certificate must be noticed within a day. */
    public static final Duration MAX_RECHECK = Duration.ofDays(1);

    /**
     * Checks the components.
     *
     * @param window the suggested renewal window
     * @param nextCheck the earliest time to ask the CA again
     */
    public SuggestedRenewal {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(nextCheck, "nextCheck");
    }

    /**
     * Builds the record from one answer of the CA.
     *
     * @param window the suggested window
     * @param fetchedAt when the answer arrived
     * @param retryAfter the CA's {@code Retry-After}, or {@code null} when it sent none
     * @return the record, with {@code nextCheck} at {@code retryAfter} bounded to at most {@link #MAX_RECHECK}
     *     after {@code fetchedAt}, or {@link #DEFAULT_RECHECK} after it when the CA gave no time
     */
    public static SuggestedRenewal fetched(RenewalWindow window, Instant fetchedAt, @Nullable Instant retryAfter) {
        Instant latest = fetchedAt.plus(MAX_RECHECK);
        Instant next;
        if (retryAfter == null) {
            next = fetchedAt.plus(DEFAULT_RECHECK);
        } else if (retryAfter.isAfter(latest)) {
            next = latest;
        } else {
            next = retryAfter.isBefore(fetchedAt) ? fetchedAt : retryAfter;
        }
        return new SuggestedRenewal(window, next);
    }

    /**
     * Tells whether the CA should be asked again.
     *
     * @param now the time of the decision
     * @return whether {@code now} is at or after {@link #nextCheck()}, or {@link #nextCheck()} lies more than
     *     {@link #MAX_RECHECK} ahead (a stored record that {@link #fetched} would never have produced, e.g. from an
     *     older version or a peer: it must not silence the CA for longer than a day)
     */
    public boolean recheckDue(Instant now) {
        return !now.isBefore(nextCheck) || nextCheck.isAfter(now.plus(MAX_RECHECK));
    }
}

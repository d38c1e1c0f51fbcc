package dev.certmagic.internal.issuance;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each issuer of a chain asked not to be contacted again ({@code Retry-After} on a rate limit or an outage),
 * for all names: a chain skips such an issuer until then and goes straight to the next, instead of spending another
 * request (and the CA's patience) on an answer it already knows. Kept in memory only: after a restart the first
 * order asks again and learns the same. Thread-safe.
 */
final class IssuerBackoff {

    private final Map<String, Instant> waitUntil = new ConcurrentHashMap<>();

    /** Remembers that an issuer asked to wait until {@code until}; a later answer replaces an earlier one. */
    void record(String issuerKey, Instant until) {
        waitUntil.put(issuerKey, until);
    }

    /** Forgets the wait of an issuer that has just issued. */
    void clear(String issuerKey) {
        waitUntil.remove(issuerKey);
    }

    /** Returns until when an issuer asked to wait, if that is still ahead of {@code now}. */
    Optional<Instant> waiting(String issuerKey, Instant now) {
        Instant until = waitUntil.get(issuerKey);
        if (until == null || !until.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(until);
    }
}

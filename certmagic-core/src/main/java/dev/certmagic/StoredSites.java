package dev.certmagic;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * Which names have a certificate folder in storage, read with one listing and remembered for {@link #MISS_TTL}, so
 * that on-demand lookups for a flood of fresh names (an attacker's random names under an allowed wildcard) do not
 * each read storage: a name missing from a recent listing is a remembered miss. A listing at most once per
 * {@link #MISS_TTL}, whatever the number of names asked.
 *
 * <p>A stale miss is harmless: a certificate a peer stored since the listing is still found, because obtaining
 * looks in storage again (under the issuance lock) before it orders. A failed listing is not remembered, and then
 * every name is read as before.
 */
final class StoredSites {

    /** How long a listing answers for misses. */
    static final Duration MISS_TTL = Duration.ofSeconds(10);

    private final Storage storage;

    private final List<String> prefixes;

    private final Clock clock;

    private volatile Listing listing;

    /** Lists the certificate folders of every issuer of the chain: a fallback issuer's certificate counts too. */
    StoredSites(Storage storage, List<String> issuerKeys, Clock clock) {
        this.storage = storage;
        this.prefixes = issuerKeys.stream().map(StorageKeys::certificatesPrefix).toList();
        this.clock = clock;
    }

    /**
     * Tells whether storage may hold a certificate for a name: {@code false} only when a recent listing did not
     * show it.
     *
     * @param name a normalized host name
     */
    boolean mayHold(String name) {
        Instant now = clock.instant();
        Listing current = listing;
        if (current == null || current.expired(now)) {
            current = refresh(now);
            if (current == null) {
                return true;
            }
        }
        return current.names.contains(StorageKeys.safe(name));
    }

    /** One thread lists; the others waiting here then use its listing. */
    private synchronized Listing refresh(Instant now) {
        Listing current = listing;
        if (current != null && !current.expired(now)) {
            return current;
        }
        Set<String> names = new HashSet<>();
        for (String prefix : prefixes) {
            List<String> keys;
            try {
                keys = storage.list(prefix, false);
            } catch (KeyNotFoundException e) {
                keys = List.of();
            } catch (IOException | RuntimeException e) {
                return null;
            }
            for (String key : keys) {
                names.add(key.substring(key.lastIndexOf('/') + 1));
            }
        }
        listing = new Listing(Set.copyOf(names), now.plus(MISS_TTL));
        return listing;
    }

    private record Listing(Set<String> names, Instant expires) {

        boolean expired(Instant now) {
            return !now.isBefore(expires);
        }
    }
}

package dev.certmagic.internal.challenge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the last storage lookup of a name found (a peer's challenge, or nothing), remembered for a short while: a
 * flood of validation requests for a managed name then costs at most one storage read per name per
 * {@code memory}, and the several lookups of one {@code acme-tls/1} handshake (choosing the alias, then fetching
 * its chain and key) see one and the same challenge object.
 *
 * <p>The memory is deliberately short: a peer of the cluster may publish a challenge for the name right after a
 * miss, and until the memory expires this instance would answer its validator with "no challenge". Bounded in
 * size: when full of live entries, a new result is simply not remembered (it costs a read next time, never
 * memory).
 */
final class SharedChallengeMemory {

    /** Enough for every name of a large configuration; beyond it results are not remembered. */
    static final int MAX_ENTRIES = 10_000;

    private final Duration memory;
    private final Clock clock;
    private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();

    SharedChallengeMemory(Duration memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    /**
     * Returns what storage held for the name less than the memory ago: {@code null} when nothing is remembered,
     * an empty optional for a remembered miss.
     */
    Optional<PendingChallenge> recall(String name) {
        if (memory.isZero()) {
            return null;
        }
        Seen entry = seen.get(name);
        if (entry == null) {
            return null;
        }
        if (clock.instant().isBefore(entry.until())) {
            return Optional.ofNullable(entry.challenge());
        }
        seen.remove(name, entry);
        return null;
    }

    /** Remembers what storage held for the name ({@code null}: nothing). */
    void remember(String name, PendingChallenge challenge) {
        if (memory.isZero()) {
            return;
        }
        Instant now = clock.instant();
        if (seen.size() >= MAX_ENTRIES && !seen.containsKey(name)) {
            seen.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (seen.size() >= MAX_ENTRIES) {
                return;
            }
        }
        seen.put(name, new Seen(now.plus(memory), challenge));
    }

    /** Forgets a name whose challenge this instance has just published or removed: its own memory is the truth. */
    void forget(String name) {
        seen.remove(name);
    }

    private record Seen(Instant until, PendingChallenge challenge) {
    }
}

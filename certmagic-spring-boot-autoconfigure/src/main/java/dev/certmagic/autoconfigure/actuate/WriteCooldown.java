package dev.certmagic.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * At most one endpoint write per name within a cooldown, so that an open write operation cannot be used to spend
 * the CA's rate limits (Let's Encrypt allows 5 duplicate certificates a week). A write takes its slot when it
 * starts, whether it then succeeds or fails: the CA was asked either way. Memory is bounded by the managed names,
 * the only names writes accept.
 */
final class WriteCooldown {

    private final Clock clock;

    private final Duration cooldown;

    private final ConcurrentMap<String, Instant> lastWrite = new ConcurrentHashMap<>();

    WriteCooldown(Clock clock, Duration cooldown) {
        this.clock = clock;
        this.cooldown = cooldown;
    }

    /**
     * Takes the name's slot if its cooldown has passed.
     *
     * @param name a managed name
     * @return empty when the write may go ahead (the slot is taken), else when the next one may
     */
    Optional<Instant> tryAcquire(String name) {
        Instant now = clock.instant();
        Instant[] busyUntil = {null};
        lastWrite.compute(name, (key, last) -> {
            if (last != null && now.isBefore(last.plus(cooldown))) {
                busyUntil[0] = last.plus(cooldown);
                return last;
            }
            return now;
        });
        return Optional.ofNullable(busyUntil[0]);
    }

    /**
     * Takes the name's slot whatever its cooldown, for a write that must never wait (revocation after a key
     * compromise).
     *
     * @param name a managed name
     */
    void acquire(String name) {
        lastWrite.put(name, clock.instant());
    }
}

package dev.certmagic.acme;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Polls an ACME resource until it reaches one of the wanted states. acme4j's own wait falls back to 3 s between
 * polls when the CA sends no {@code Retry-After}; here the first poll comes after {@code initialInterval} and the
 * interval grows by half each time up to {@code maxInterval}, while a {@code Retry-After} from the CA is always
 * honoured. Growing by half rather than doubling costs one or two more polls in the first seconds and notices a
 * validation that completes after, say, 350 ms at 475 ms instead of 700 ms: the time a waiting order loses is at
 * most a third of the time it already waited, not all of it.
 */
final class AcmePolling {

    /** Each pause is this many times the previous one (before the cap). */
    static final double GROWTH = 1.5;

    private final Duration initialInterval;
    private final Duration maxInterval;
    private final Clock clock;

    AcmePolling(Duration initialInterval, Duration maxInterval, Clock clock) {
        this.initialInterval = initialInterval;
        this.maxInterval = maxInterval;
        this.clock = clock;
    }

    Status await(PollableResource resource, Set<Status> wanted, Duration timeout)
            throws AcmeException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration interval = initialInterval;
        Status status = resource.getStatus();
        while (!wanted.contains(status) && status != Status.INVALID) {
            Duration pause = pauseBefore(NonceRetry.call(resource::fetch), interval);
            status = resource.getStatus();
            if (wanted.contains(status) || status == Status.INVALID) {
                break;
            }
            if (System.nanoTime() + pause.toNanos() > deadline) {
                throw new AcmeException("Timeout: still " + status + " after " + timeout);
            }
            Thread.sleep(pause.toMillis());
            interval = next(interval);
        }
        return status;
    }

    /** The pause after {@code interval}: {@link #GROWTH} times longer, at most the maximum. */
    Duration next(Duration interval) {
        Duration grown = Duration.ofNanos((long) (interval.toNanos() * GROWTH));
        return grown.compareTo(maxInterval) > 0 ? maxInterval : grown;
    }

    /** The CA's Retry-After wins over our own interval; our interval is the floor for a Retry-After in the past. */
    Duration pauseBefore(Optional<Instant> retryAfter, Duration interval) {
        if (retryAfter.isPresent()) {
            Duration wait = Duration.between(clock.instant(), retryAfter.get());
            return wait.compareTo(interval) > 0 ? wait : interval;
        }
        return interval;
    }
}

package dev.certmagic.internal.challenge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How many storage lookups per second the challenge lookups of names this instance does not know may cost.
 *
 * <p>Such a name is usually a stranger's (a random {@code Host}, a random {@code acme-tls/1} SNI), but it may be a
 * name a peer of the cluster manages and is validating right now (one it was asked to manage at run time, or an
 * on-demand name it admitted). A fixed budget serves both: a flood of random names costs at most this many reads a
 * second (with a database, at most this many connections' worth of work), and a peer's validation, a handful of
 * requests, finds its challenge whenever no flood has spent the second's budget.
 */
final class StrangerLookupBudget {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final int perSecond;
    private final Clock clock;
    private Instant windowEnd = Instant.MIN;
    private int used;

    StrangerLookupBudget(int perSecond, Clock clock) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("strangerLookupsPerSecond must not be negative: " + perSecond);
        }
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /** Takes one lookup from the current second's budget; false when it is spent. */
    synchronized boolean tryTake() {
        Instant now = clock.instant();
        if (!now.isBefore(windowEnd)) {
            windowEnd = now.plus(WINDOW);
            used = 0;
        }
        if (used >= perSecond) {
            return false;
        }
        used++;
        return true;
    }
}

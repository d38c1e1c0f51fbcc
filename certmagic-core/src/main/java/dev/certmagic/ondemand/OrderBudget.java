package dev.certmagic.ondemand;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * The two limits on on-demand orders: a lifetime cap ({@code max-obtain}) and a sliding-window rate limit
 * (CertMagic's {@code ratelimiter.go} idea: at most N events within any window). Both are claimed together under
 * one lock, so a refused rate limit never spends the lifetime cap.
 */
final class OrderBudget {

    private final long maxObtain;

    private final int events;

    private final Duration window;

    /** Start times of the orders inside the current window, oldest first; never more than {@code events}. */
    private final ArrayDeque<Instant> recent = new ArrayDeque<>();

    private long started;

    OrderBudget(long maxObtain, int events, Duration window) {
        this.maxObtain = maxObtain;
        this.events = events;
        this.window = window;
    }

    /**
     * Claims one order at {@code now}.
     *
     * @return {@link OnDemandVerdict#ALLOWED}, {@link OnDemandVerdict#MAX_OBTAIN_REACHED} or
     *     {@link OnDemandVerdict#RATE_LIMITED}
     */
    synchronized OnDemandVerdict tryClaim(Instant now) {
        if (started >= maxObtain) {
            return OnDemandVerdict.MAX_OBTAIN_REACHED;
        }
        if (window != null) {
            Instant horizon = now.minus(window);
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(horizon)) {
                recent.pollFirst();
            }
            if (recent.size() >= events) {
                return OnDemandVerdict.RATE_LIMITED;
            }
            recent.addLast(now);
        }
        started++;
        return OnDemandVerdict.ALLOWED;
    }

    synchronized long started() {
        return started;
    }
}

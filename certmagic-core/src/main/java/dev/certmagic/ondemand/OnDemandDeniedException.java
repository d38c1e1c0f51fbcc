package dev.certmagic.ondemand;

import java.util.Objects;

/**
 * Thrown by {@link OrderPermit#acquire()} when an on-demand order may not start, carrying the verdict so the gate
 * can report the reason.
 */
public final class OnDemandDeniedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the order was refused; an enum, hence serializable. */
    private final OnDemandVerdict verdict;

    /**
     * Creates the exception.
     *
     * @param verdict the reason, never {@link OnDemandVerdict#ALLOWED}
     */
    public OnDemandDeniedException(OnDemandVerdict verdict) {
        super("On-demand certificate order refused: " + Objects.requireNonNull(verdict, "verdict"));
        if (verdict.allowed()) {
            throw new IllegalArgumentException("A denial needs a denying verdict");
        }
        this.verdict = verdict;
    }

    /**
     * Returns why the order was refused.
     *
     * @return the verdict
     */
    public OnDemandVerdict verdict() {
        return verdict;
    }
}

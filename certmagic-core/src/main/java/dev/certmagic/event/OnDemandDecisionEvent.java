package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

import dev.certmagic.ondemand.OnDemandVerdict;

/**
 * The on-demand policy decided about a name that a handshake asked for and the cache did not hold.
 *
 * @param names the normalized name asked for, or empty when the name was hostile (it is never echoed, so a
 *     flood of garbage names cannot fill logs or metric tags)
 * @param verdict the outcome
 * @param time when it was decided
 */
public record OnDemandDecisionEvent(List<String> names, OnDemandVerdict verdict, Instant time)
        implements CertificateEvent {

    /**
     * Copies the names.
     *
     * @param names the name, or empty
     * @param verdict the outcome
     * @param time when it was decided
     */
    public OnDemandDecisionEvent {
        names = List.copyOf(names);
    }
}

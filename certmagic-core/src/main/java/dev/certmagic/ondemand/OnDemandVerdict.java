package dev.certmagic.ondemand;

/**
 * The outcome of one on-demand request for a name, with the reason, so that events and metrics can report why a
 * name was served or refused. Only {@link #ALLOWED} lets a certificate be loaded or obtained.
 */
public enum OnDemandVerdict {

    /** Every configured check allowed the name. */
    ALLOWED,

    /** The name is not a host name a certificate may be obtained for (malformed, wildcard, IP literal). */
    DENIED_HOSTILE_NAME,

    /** The {@link OnDemandDecision} answered {@code false} or threw. */
    DENIED_BY_DECISION,

    /** An allowlist is configured and the name matches none of its entries. */
    NOT_IN_ALLOWLIST,

    /** The ask endpoint answered with a status other than 2xx (a redirect included). */
    DENIED_BY_ASK,

    /** The ask endpoint could not be reached or did not answer in time. */
    ASK_FAILED,

    /** The process already started as many on-demand orders as {@code max-obtain} permits. */
    MAX_OBTAIN_REACHED,

    /** The on-demand order rate limit is exhausted for now. */
    RATE_LIMITED,

    /** Too many names are being decided or obtained at once; refused without waiting. */
    TOO_MANY_IN_FLIGHT,

    /** The name was allowed but loading or obtaining its certificate failed. */
    ISSUANCE_FAILED;

    /**
     * Tells whether this verdict lets a certificate be served.
     *
     * @return {@code true} only for {@link #ALLOWED}
     */
    public boolean allowed() {
        return this == ALLOWED;
    }
}

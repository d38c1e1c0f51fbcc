package dev.certmagic.internal.ocsp;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import dev.certmagic.ocsp.RevocationReason;

/**
 * What a validated OCSP response says about one certificate: the parsed view that health checks and the
 * actuator show, and that refresh decisions read.
 *
 * @param status the certificate's status
 * @param reason why it was revoked; {@code null} unless {@code status} is {@link Status#REVOKED}
 * @param revokedAt when it was revoked; {@code null} unless {@code status} is {@link Status#REVOKED}
 * @param thisUpdate when the responder knew the status to be correct
 * @param nextUpdate when newer information will be available; the response must not be used after it
 */
public record OcspStatus(Status status, RevocationReason reason, Instant revokedAt, Instant thisUpdate,
        Instant nextUpdate) {

    /** A certificate's status in an OCSP response (RFC 6960 §2.2). */
    public enum Status {
        /** Not revoked. */
        GOOD,
        /** Revoked, permanently or on hold. */
        REVOKED,
        /** The responder does not know the certificate. */
        UNKNOWN;

        /**
         * Returns the lowercase name used in events and JSON.
         *
         * @return {@code good}, {@code revoked} or {@code unknown}
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Checks that revocation details come exactly with a revoked status.
     *
     * @param status the certificate's status
     * @param reason why it was revoked, or {@code null}
     * @param revokedAt when it was revoked, or {@code null}
     * @param thisUpdate when the responder knew the status to be correct
     * @param nextUpdate when newer information will be available
     */
    public OcspStatus {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        if ((status == Status.REVOKED) != (reason != null && revokedAt != null)) {
            throw new IllegalArgumentException("reason and revokedAt are given exactly for a revoked status");
        }
    }

    /**
     * Tells whether the response may still be stapled at {@code now}.
     *
     * @param now the current time
     * @return {@code true} before {@link #nextUpdate()}
     */
    public boolean isFresh(Instant now) {
        return now.isBefore(nextUpdate);
    }

    /**
     * Returns the middle of the validity window, when certmagic fetches a new response (as CertMagic does), so a
     * responder outage of up to half the window goes unnoticed by clients.
     *
     * @return the refresh time
     */
    public Instant refreshAt() {
        return thisUpdate.plus(java.time.Duration.between(thisUpdate, nextUpdate).dividedBy(2));
    }
}

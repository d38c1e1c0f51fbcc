package dev.certmagic.status;

/**
 * Where a cached certificate stands, as an operator needs to see it. When several apply, the first in this list
 * that is not {@link #VALID} wins in the order {@link #EXPIRED}, {@link #REVOKED}, {@link #RENEWING},
 * {@link #FAILING}, {@link #EXPIRING}: an expired certificate is useless whatever else is true, and a renewal
 * under way says more than the failure it may be retrying.
 */
public enum CertificateStatus {

    /** Serving, and not yet due for renewal. */
    VALID,

    /** A renewal (or the replacing order) for one of its names is under way now. */
    RENEWING,

    /** Past its renewal time, with no renewal under way and none failing: the maintainer will pick it up. */
    EXPIRING,

    /** Past {@code notAfter}: clients reject it. */
    EXPIRED,

    /** Revoked at its CA (by this instance, or so said its OCSP staple). */
    REVOKED,

    /** The last attempt to obtain or renew it failed; it keeps serving while retries follow the schedule. */
    FAILING
}

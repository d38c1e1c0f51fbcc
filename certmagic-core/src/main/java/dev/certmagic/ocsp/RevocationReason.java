package dev.certmagic.ocsp;

/**
 * Why a CA revoked a certificate (RFC 5280 §5.3.1 {@code CRLReason}), as an OCSP responder reports it. The reason
 * decides how a certificate is replaced: after {@link #KEY_COMPROMISE} the old private key must never be used
 * again, whatever the key-reuse setting says.
 */
public enum RevocationReason {

    /** No reason given (also used when the response carries none). */
    UNSPECIFIED(0),
    /** The certificate's private key is known or suspected to be compromised. */
    KEY_COMPROMISE(1),
    /** The CA's key is compromised. */
    CA_COMPROMISE(2),
    /** The subject's name or other information changed. */
    AFFILIATION_CHANGED(3),
    /** The certificate was replaced. */
    SUPERSEDED(4),
    /** The certificate is no longer needed. */
    CESSATION_OF_OPERATION(5),
    /** The certificate is on hold (may come back). */
    CERTIFICATE_HOLD(6),
    /** Removed from a CRL (delta CRLs only). */
    REMOVE_FROM_CRL(8),
    /** A privilege granted by the certificate was withdrawn. */
    PRIVILEGE_WITHDRAWN(9),
    /** An attribute authority was compromised. */
    AA_COMPROMISE(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /**
     * Returns the RFC 5280 code.
     *
     * @return the {@code CRLReason} value
     */
    public int code() {
        return code;
    }

    /**
     * Tells whether the replacement certificate must get a fresh key: the old key is compromised, so reusing it
     * would carry the compromise into the new certificate.
     *
     * @return {@code true} for {@link #KEY_COMPROMISE}
     */
    public boolean requiresNewKey() {
        return this == KEY_COMPROMISE;
    }

    /**
     * Maps an RFC 5280 code; unknown codes (including 7, which is unused) become {@link #UNSPECIFIED}.
     *
     * @param code the {@code CRLReason} value
     * @return the reason
     */
    public static RevocationReason ofCode(int code) {
        for (RevocationReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        return UNSPECIFIED;
    }
}

package dev.certmagic.internal.ocsp;

/**
 * An OCSP response could not be obtained or was not acceptable (malformed, not for this certificate, signed by
 * an unauthorized key, stale, or outliving the certificate). The message says which check failed, so an operator
 * can tell a misconfigured responder from an outage.
 */
public final class OcspException extends Exception {

    /**
     * Creates the exception.
     *
     * @param message which check failed
     */
    public OcspException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message which check failed
     * @param cause the underlying failure
     */
    public OcspException(String message, Throwable cause) {
        super(message, cause);
    }
}

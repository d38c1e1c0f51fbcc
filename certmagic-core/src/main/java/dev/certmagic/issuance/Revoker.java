package dev.certmagic.issuance;

import java.security.cert.X509Certificate;

/**
 * Revokes certificates at the CA that issued them.
 */
public interface Revoker {

    /**
     * Asks the CA to revoke {@code certificate}.
     *
     * @param certificate the leaf certificate
     * @param reason an RFC 5280 reason code (0 unspecified, 1 key compromise, 4 superseded, 5 cessation of
     *     operation, ...)
     * @throws IssuanceException if the CA refused or could not be reached
     * @throws InterruptedException if the thread was interrupted
     */
    void revoke(X509Certificate certificate, int reason) throws IssuanceException, InterruptedException;
}

package dev.certmagic.issuance;

/**
 * Turns a certificate signing request into an issued certificate: the CertMagic {@code Issuer}. The flows make
 * keys and CSRs, hold locks and write storage; an issuer only talks to its CA.
 *
 * <p>Implementations must be safe for concurrent use (different names may be issued at once) and must report
 * failures as {@link IssuanceException}s that say whether trying again later can help.
 */
public interface Issuer {

    /**
     * Returns the key under which this issuer's certificates are stored, stable across restarts: for ACME a safe
     * form of the directory URL (see {@code StorageKeys.issuerKey}).
     *
     * @return a safe storage segment
     */
    String issuerKey();

    /**
     * Obtains a certificate for the request's names.
     *
     * @param request the names and CSR
     * @return the issued chain
     * @throws IssuanceException if the CA did not issue
     * @throws InterruptedException if the thread was interrupted while waiting for the CA
     */
    IssuedCertificate issue(CertificateRequest request) throws IssuanceException, InterruptedException;
}

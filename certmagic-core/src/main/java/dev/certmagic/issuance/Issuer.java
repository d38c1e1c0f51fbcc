package dev.certmagic.issuance;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import dev.certmagic.certificate.KeyType;

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

    /**
     * Returns the key type of this issuer's certificates when it differs from the manager's
     * {@link IssuancePolicy#keyType()}: in a chain, each CA may take another key. The flow makes the key (and
     * reuses a stored one only when it has this type). The default defers to the manager.
     *
     * @return the key type, or empty for the manager's
     */
    default Optional<KeyType> keyType() {
        return Optional.empty();
    }

    /**
     * Refuses names this issuer's CA will never issue for, before any request to the CA (CertMagic's
     * {@code PreChecker}): a public ACME CA refuses {@code localhost}, IP addresses and internal names. The flow
     * calls it before each order; the default accepts every name.
     *
     * @param names the normalized names of one certificate
     * @throws IssuanceException (not retryable) if the CA cannot issue for one of them
     */
    default void preCheck(List<String> names) throws IssuanceException {
    }

    /**
     * Gets ready for orders without placing one (an ACME issuer loads or registers its account), so that this
     * work overlaps the key and CSR generation of the requests that arrive with it instead of following it. The
     * flow calls it before making a key; {@link #issue} must work without it. It never throws: a failure here
     * comes back from {@link #issue}, which reports it.
     */
    default void prepare() {
    }

    /**
     * Asks the CA when it suggests renewing a certificate it issued (ACME Renewal Information, RFC 9773). The
     * answer is advisory: implementations log failures and return empty rather than throw, so a CA's ARI outage
     * never blocks serving or the lifetime-based renewal that applies without it.
     *
     * @param leaf a leaf certificate this issuer's CA issued
     * @return the window and when to ask again, or empty when the CA offers no renewal information or did not
     *     answer
     * @throws InterruptedException if the thread was interrupted while waiting for the CA
     */
    default Optional<SuggestedRenewal> renewalInfo(X509Certificate leaf) throws InterruptedException {
        return Optional.empty();
    }
}

package dev.certmagic.internal.issuance;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import dev.certmagic.issuance.SuggestedRenewal;

/**
 * A certificate with its key as kept in storage, checked on load: the key matches the leaf, the metadata
 * describes exactly this chain.
 *
 * @param names the names the certificate was obtained for, primary name first
 * @param chain the chain, leaf first
 * @param privateKey the leaf's private key
 * @param issuerKey the issuer's storage key
 * @param renewalInfo the CA's last renewal suggestion (ARI), or {@code null} when it offers none
 */
public record StoredCertificate(List<String> names, List<X509Certificate> chain, PrivateKey privateKey,
        String issuerKey, SuggestedRenewal renewalInfo) {

    /**
     * Creates a stored certificate without renewal information.
     *
     * @param names the names the certificate was obtained for, primary name first
     * @param chain the chain, leaf first
     * @param privateKey the leaf's private key
     * @param issuerKey the issuer's storage key
     */
    public StoredCertificate(List<String> names, List<X509Certificate> chain, PrivateKey privateKey,
            String issuerKey) {
        this(names, chain, privateKey, issuerKey, null);
    }

    /**
     * Copies the lists.
     *
     * @param names the names the certificate was obtained for, primary name first
     * @param chain the chain, leaf first
     * @param privateKey the leaf's private key
     * @param issuerKey the issuer's storage key
     * @param renewalInfo the CA's last renewal suggestion (ARI), or {@code null} when it offers none
     */
    public StoredCertificate {
        names = List.copyOf(names);
        chain = List.copyOf(chain);
    }

    /**
     * Returns the leaf certificate.
     *
     * @return the leaf
     */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * Returns the end of the leaf's validity.
     *
     * @return notAfter
     */
    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /**
     * Tells whether the leaf is valid at {@code now} and covers every one of {@code wanted}.
     *
     * @param wanted the names that must be covered
     * @param now the time of the decision
     * @return {@code true} if this certificate can serve all names now
     */
    public boolean servesAt(List<String> wanted, Instant now) {
        return names.containsAll(wanted) && !now.isBefore(leaf().getNotBefore().toInstant())
                && now.isBefore(notAfter());
    }

    /**
     * Returns a copy carrying a newer renewal suggestion from the CA.
     *
     * @param info the suggestion, or {@code null} to drop it
     * @return the copy
     */
    public StoredCertificate withRenewalInfo(SuggestedRenewal info) {
        return new StoredCertificate(names, chain, privateKey, issuerKey, info);
    }

    @Override
    public String toString() {
        // Never print the key.
        return "StoredCertificate" + names + " from " + issuerKey + " until " + notAfter();
    }
}

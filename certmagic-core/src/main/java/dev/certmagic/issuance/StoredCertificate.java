package dev.certmagic.issuance;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate with its key as kept in storage, checked on load: the key matches the leaf, the metadata
 * describes exactly this chain.
 *
 * @param names the names the certificate was obtained for, primary name first
 * @param chain the chain, leaf first
 * @param privateKey the leaf's private key
 * @param issuerKey the issuer's storage key
 */
public record StoredCertificate(List<String> names, List<X509Certificate> chain, PrivateKey privateKey,
        String issuerKey) {

    /**
     * Copies the lists.
     *
     * @param names the names the certificate was obtained for, primary name first
     * @param chain the chain, leaf first
     * @param privateKey the leaf's private key
     * @param issuerKey the issuer's storage key
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

    @Override
    public String toString() {
        // Never print the key.
        return "StoredCertificate" + names + " from " + issuerKey + " until " + notAfter();
    }
}

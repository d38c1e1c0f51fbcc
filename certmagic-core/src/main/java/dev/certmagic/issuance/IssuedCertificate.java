package dev.certmagic.issuance;

import java.security.cert.X509Certificate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link Issuer} returns: the chain the CA issued for a {@link CertificateRequest}, and the CA's renewal
 * suggestion for it when the CA offers one (ARI), so the first renewal decision already follows the CA.
 *
 * @param chain the certificates, leaf first
 * @param issuerKey the issuer's storage key (see {@link Issuer#issuerKey()})
 * @param renewalInfo the CA's suggested renewal window, or {@code null} when the CA offers none
 */
public record IssuedCertificate(List<X509Certificate> chain, String issuerKey, @Nullable SuggestedRenewal renewalInfo) {

    /**
     * Creates the result for a CA without renewal information.
     *
     * @param chain the certificates, leaf first
     * @param issuerKey the issuer's storage key (see {@link Issuer#issuerKey()})
     */
    public IssuedCertificate(List<X509Certificate> chain, String issuerKey) {
        this(chain, issuerKey, null);
    }

    /**
     * Checks and copies the components.
     *
     * @param chain the certificates, leaf first
     * @param issuerKey the issuer's storage key (see {@link Issuer#issuerKey()})
     * @param renewalInfo the CA's suggested renewal window, or {@code null} when the CA offers none
     */
    public IssuedCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("An issued chain holds at least the leaf certificate");
        }
        if (issuerKey == null || issuerKey.isBlank()) {
            throw new IllegalArgumentException("issuerKey must not be blank");
        }
    }

    /**
     * Returns the leaf certificate.
     *
     * @return the first certificate of the chain
     */
    public X509Certificate leaf() {
        return chain.get(0);
    }
}

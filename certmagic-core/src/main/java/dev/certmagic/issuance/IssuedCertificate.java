package dev.certmagic.issuance;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What an {@link Issuer} returns: the chain the CA issued for a {@link CertificateRequest}.
 *
 * @param chain the certificates, leaf first
 * @param issuerKey the issuer's storage key (see {@link Issuer#issuerKey()})
 */
public record IssuedCertificate(List<X509Certificate> chain, String issuerKey) {

    /**
     * Checks and copies the components.
     *
     * @param chain the certificates, leaf first
     * @param issuerKey the issuer's storage key (see {@link Issuer#issuerKey()})
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

package dev.certmagic.issuance;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the flow hands to an {@link Issuer}: the names and a signed PKCS#10 CSR. The flow made the key; the issuer
 * never sees it, so any issuer (ACME or another) works with the same crash-safe key handling. A renewal also names
 * the certificate it replaces, so a CA with renewal information (RFC 9773 {@code replaces}) can link the two and
 * exempt the renewal from rate limits.
 *
 * @param names the names the certificate must cover, primary name first
 * @param csr the DER-encoded certificate signing request
 * @param replaces the leaf certificate this one replaces, or {@code null} for a first issuance
 */
public record CertificateRequest(List<String> names, byte[] csr, @Nullable X509Certificate replaces) {

    /**
     * Creates a request for a first issuance (nothing replaced).
     *
     * @param names the names the certificate must cover, primary name first
     * @param csr the DER-encoded certificate signing request
     */
    public CertificateRequest(List<String> names, byte[] csr) {
        this(names, csr, null);
    }

    /**
     * Checks and copies the components.
     *
     * @param names the names the certificate must cover, primary name first
     * @param csr the DER-encoded certificate signing request
     * @param replaces the leaf certificate this one replaces, or {@code null} for a first issuance
     */
    public CertificateRequest {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("A certificate request needs at least one name");
        }
        csr = Objects.requireNonNull(csr, "csr").clone();
    }

    /**
     * Returns a copy of the DER-encoded CSR.
     *
     * @return the CSR
     */
    @Override
    public byte[] csr() {
        return csr.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateRequest r && names.equals(r.names) && Arrays.equals(csr, r.csr)
                && Objects.equals(replaces, r.replaces);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * names.hashCode() + Arrays.hashCode(csr)) + Objects.hashCode(replaces);
    }

    @Override
    public String toString() {
        return "CertificateRequest" + names;
    }
}

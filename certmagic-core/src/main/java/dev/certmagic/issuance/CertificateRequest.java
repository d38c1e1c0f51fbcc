package dev.certmagic.issuance;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the flow hands to an {@link Issuer}: the names and a signed PKCS#10 CSR. The flow made the key; the issuer
 * never sees it, so any issuer (ACME or another) works with the same crash-safe key handling.
 *
 * @param names the names the certificate must cover, primary name first
 * @param csr the DER-encoded certificate signing request
 */
public record CertificateRequest(List<String> names, byte[] csr) {

    /**
     * Checks and copies the components.
     *
     * @param names the names the certificate must cover, primary name first
     * @param csr the DER-encoded certificate signing request
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
        return other instanceof CertificateRequest r && names.equals(r.names) && Arrays.equals(csr, r.csr);
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + Arrays.hashCode(csr);
    }

    @Override
    public String toString() {
        return "CertificateRequest" + names;
    }
}

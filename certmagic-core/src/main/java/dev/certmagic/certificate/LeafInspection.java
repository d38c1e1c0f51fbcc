package dev.certmagic.certificate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import dev.certmagic.internal.crypto.KeyPairs;

/**
 * What {@link ManagedCertificate} learns from a chain when it is built: the names, the chain's hash, and proof
 * that the private key belongs to the leaf.
 */
final class LeafInspection {


    private LeafInspection() {
    }

    static List<String> namesOf(X509Certificate leaf) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if ((Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type))
                            && san.get(1) instanceof String value) {
                        String normalized = HostNames.normalize(value);
                        if (normalized != null) {
                            names.add(normalized);
                        }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("Unreadable subject alternative names in "
                    + leaf.getSubjectX500Principal(), e);
        }
        if (names.isEmpty()) {
            X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
            for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
                String normalized = HostNames.normalize(IETFUtils.valueToString(rdn.getFirst().getValue()));
                if (normalized != null) {
                    names.add(normalized);
                }
            }
        }
        return List.copyOf(names);
    }

    static String hashOf(List<X509Certificate> chain) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (X509Certificate certificate : chain) {
                digest.update(certificate.getEncoded());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot hash certificate chain", e);
        }
    }

    static void requireMatchingKey(X509Certificate leaf, PrivateKey privateKey) {
        if (KeyPairs.matches(privateKey, leaf.getPublicKey())) {
            return;
        }
        if (KeyAlgorithm.of(privateKey) != KeyAlgorithm.of(leaf.getPublicKey())) {
            throw mismatch(leaf, "a " + privateKey.getAlgorithm() + " key for a "
                    + leaf.getPublicKey().getAlgorithm() + " certificate");
        }
        throw mismatch(leaf, KeyAlgorithm.of(privateKey) == KeyAlgorithm.RSA ? "the RSA modulus differs"
                : "the key is not the private half of the certificate's public key");
    }

    private static IllegalArgumentException mismatch(X509Certificate leaf, String detail) {
        return new IllegalArgumentException("Private key does not match the certificate "
                + leaf.getSubjectX500Principal() + ": " + detail);
    }
}

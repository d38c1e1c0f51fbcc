package dev.certmagic.certificate;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What {@link ManagedCertificate} learns from a chain when it is built: the names, the chain's hash, and proof
 * that the private key belongs to the leaf.
 */
final class LeafInspection {

    private static final byte[] PROOF_OF_POSSESSION = "certmagic key check".getBytes(StandardCharsets.US_ASCII);

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
        PublicKey publicKey = leaf.getPublicKey();
        if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())
                && KeyType.of(publicKey) != KeyType.of(privateKey)) {
            throw mismatch(leaf, "a " + privateKey.getAlgorithm() + " key for a " + publicKey.getAlgorithm()
                    + " certificate");
        }
        if (publicKey instanceof RSAKey rsaPublic && privateKey instanceof RSAKey rsaPrivate) {
            if (!rsaPublic.getModulus().equals(rsaPrivate.getModulus())) {
                throw mismatch(leaf, "the RSA modulus differs");
            }
            return;
        }
        String algorithm = switch (KeyType.of(privateKey)) {
            case EC -> "SHA256withECDSA";
            case RSA -> "SHA256withRSA";
            case OTHER -> privateKey.getAlgorithm();
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROOF_OF_POSSESSION);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROOF_OF_POSSESSION);
            if (!verifier.verify(signature)) {
                throw mismatch(leaf, "a signature made with the key does not verify with the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw mismatch(leaf, "the pair cannot be checked (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static IllegalArgumentException mismatch(X509Certificate leaf, String detail) {
        return new IllegalArgumentException("Private key does not match the certificate "
                + leaf.getSubjectX500Principal() + ": " + detail);
    }
}

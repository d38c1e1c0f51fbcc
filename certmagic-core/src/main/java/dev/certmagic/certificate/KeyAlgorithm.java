package dev.certmagic.certificate;

import java.security.Key;

import org.jspecify.annotations.Nullable;

/**
 * The family of a key (EC, RSA or other), as far as choosing a certificate for a TLS handshake is concerned.
 * {@link KeyType} names the exact kind of key this project generates; each belongs to one family.
 */
public enum KeyAlgorithm {

    /** An elliptic-curve key, used with ECDSA signatures. */
    EC,

    /** An RSA key, used with PKCS#1 or PSS signatures. */
    RSA,

    /** Any other key (EdDSA, DSA, ...): kept and served only where a handshake asks for nothing in particular. */
    OTHER;

    /**
     * Classifies a key by its JCA algorithm name.
     *
     * @param key a public or private key
     * @return the key's type
     */
    public static KeyAlgorithm of(Key key) {
        String algorithm = key.getAlgorithm();
        if ("EC".equals(algorithm) || "ECDSA".equals(algorithm)) {
            return EC;
        }
        if ("RSA".equals(algorithm)) {
            return RSA;
        }
        return OTHER;
    }

    /**
     * Maps the key type string JSSE passes to a server key manager ({@code "EC"}, {@code "RSA"},
     * {@code "RSASSA-PSS"}, {@code "EdDSA"}, ...) to the certificates that can serve it.
     *
     * @param jsseKeyType the key type JSSE asks for
     * @return {@link #EC} or {@link #RSA}, or {@code null} for a type this project never serves, so the caller
     *     answers "no alias" and JSSE tries its next candidate
     */
    public static @Nullable KeyAlgorithm fromJsse(String jsseKeyType) {
        if ("EC".equals(jsseKeyType)) {
            return EC;
        }
        if ("RSA".equals(jsseKeyType)) {
            return RSA;
        }
        return null;
    }
}

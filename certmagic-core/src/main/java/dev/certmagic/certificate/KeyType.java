package dev.certmagic.certificate;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The kind of private key made for a certificate: a {@link KeyAlgorithm family} and a size. EC P-256 is the
 * default, as in CertMagic: small, fast and accepted by every client that matters.
 */
public enum KeyType {

    /** ECDSA on P-256 (secp256r1). */
    EC256(KeyAlgorithm.EC, 256),
    /** ECDSA on P-384 (secp384r1). */
    EC384(KeyAlgorithm.EC, 384),
    /** RSA with a 2048-bit modulus. */
    RSA2048(KeyAlgorithm.RSA, 2048),
    /** RSA with a 3072-bit modulus. */
    RSA3072(KeyAlgorithm.RSA, 3072),
    /** RSA with a 4096-bit modulus. */
    RSA4096(KeyAlgorithm.RSA, 4096);

    private final KeyAlgorithm algorithm;
    private final int bits;

    KeyType(KeyAlgorithm algorithm, int bits) {
        this.algorithm = algorithm;
        this.bits = bits;
    }

    /**
     * Returns the family this key type belongs to, the one a TLS handshake asks for.
     *
     * @return {@link KeyAlgorithm#EC} or {@link KeyAlgorithm#RSA}
     */
    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Returns the key size: the curve's field size for EC, the modulus length for RSA.
     *
     * @return the size in bits
     */
    public int bits() {
        return bits;
    }

    /**
     * Generates a fresh key pair of this type with the JDK's providers.
     *
     * @return a new key pair
     */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.name());
            if (algorithm == KeyAlgorithm.EC) {
                generator.initialize(new ECGenParameterSpec(bits == 256 ? "secp256r1" : "secp384r1"));
            } else {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate " + this + " keys", e);
        }
    }

    /**
     * Tells whether an existing key is of this type, so that a reused key is not silently of another type.
     *
     * @param key a public key
     * @return {@code true} if algorithm and size match
     */
    public boolean matches(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return algorithm == KeyAlgorithm.EC && ec.getParams().getCurve().getField().getFieldSize() == bits;
        }
        if (key instanceof RSAPublicKey rsa) {
            return algorithm == KeyAlgorithm.RSA && rsa.getModulus().bitLength() == bits;
        }
        return false;
    }

    /**
     * Parses a configuration value such as {@code ec256} or {@code RSA2048} (case and {@code -}/{@code _} ignored).
     *
     * @param value the configured name
     * @return the key type
     * @throws IllegalArgumentException naming the accepted values if {@code value} is none of them
     */
    public static KeyType parse(String value) {
        String normalized = value.strip().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (KeyType type : values()) {
            if (type.name().equals(normalized)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown key type '" + value
                + "'; use one of ec256, ec384, rsa2048, rsa3072, rsa4096");
    }
}

package dev.certmagic.testsupport;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * Fresh key pairs for tests, of the two types CertMagic issues for: EC P-256 and RSA. Tests that need a key
 * before (or apart from) a certificate, such as a key-mismatch case or an RSA and an EC certificate for the same
 * name, take it from here and pass it to {@link TestCertificates.Builder#keyPair(KeyPair)}.
 */
public final class TestKeys {

    private TestKeys() {
    }

    /**
     * Generates an EC key pair on the P-256 curve ({@code secp256r1}).
     *
     * @return a new pair
     */
    public static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate EC P-256 keys", e);
        }
    }

    /**
     * Generates a 2048-bit RSA key pair.
     *
     * @return a new pair
     */
    public static KeyPair rsa() {
        return rsa(2048);
    }

    /**
     * Generates an RSA key pair of the given size.
     *
     * @param bits the modulus size, e.g. 2048
     * @return a new pair
     */
    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate " + bits + "-bit RSA keys", e);
        }
    }
}

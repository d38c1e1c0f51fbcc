package dev.certmagic.acme;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;

/**
 * The checks on an account key the operator brings ({@link AcmeIssuerBuilder#accountKey}): acme4j signs with RSA
 * or with the NIST curves P-256 and P-384 (ES256, ES384), and CAs refuse short RSA keys, so anything else fails at
 * configuration time rather than at the first registration. Messages never hold key material.
 */
final class AccountKeys {

    private static final int MIN_RSA_BITS = 2048;

    private AccountKeys() {
    }

    /**
     * Checks a given key and derives its public half.
     *
     * @param key the private key
     * @return the key pair acme4j signs with
     * @throws IllegalArgumentException naming {@code accountKey(...)} if the key cannot sign ACME requests
     */
    static KeyPair keyPair(PrivateKey key) {
        if (key instanceof RSAPrivateKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("accountKey(...) is an RSA key of " + rsa.getModulus().bitLength()
                        + " bits; CAs need at least " + MIN_RSA_BITS);
            }
        } else if (key instanceof ECPrivateKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits != 256 && bits != 384) {
                throw new IllegalArgumentException("accountKey(...) is an EC key of " + bits + " bits; ACME account "
                        + "keys must be on P-256 or P-384");
            }
        } else {
            throw new IllegalArgumentException("accountKey(...) is a " + key.getAlgorithm() + " key; ACME account "
                    + "keys must be RSA or EC (P-256, P-384)");
        }
        return new KeyPair(PublicKeys.derive(key), key);
    }

    /**
     * Tells whether two account keys are the same key, by their public halves (the CA knows an account by its
     * public key; the private encodings of one key may differ, PKCS#8 or SEC 1).
     *
     * @param a one key
     * @param b the other
     * @return whether they are one key
     */
    static boolean same(KeyPair a, KeyPair b) {
        return Arrays.equals(a.getPublic().getEncoded(), b.getPublic().getEncoded());
    }
}

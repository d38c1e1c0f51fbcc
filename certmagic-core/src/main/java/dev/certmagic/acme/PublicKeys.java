package dev.certmagic.acme;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;

import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Derives the public half of a stored private key, so that only the private key needs to be stored (as CertMagic
 * does for account keys).
 */
final class PublicKeys {

    private PublicKeys() {
    }

    static PublicKey derive(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(),
                        rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                ECPoint q = EC5Util.convertSpec(ec.getParams()).getG().multiply(ec.getS()).normalize();
                java.security.spec.ECPoint w = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(),
                        q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot derive the public key of a stored " + key.getAlgorithm()
                    + " key", e);
        }
        throw new IllegalArgumentException("Unsupported account key algorithm " + key.getAlgorithm());
    }
}

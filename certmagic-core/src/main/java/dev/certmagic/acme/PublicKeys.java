package dev.certmagic.acme;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;

import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Derives the public half of a stored private key, so that only the private key needs to be stored (as CertMagic
 * does for account keys).
 */
final class PublicKeys {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private PublicKeys() {
    }

    static PublicKey derive(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(),
                        rsa.getPublicExponent()));
            }
            if ("EC".equals(key.getAlgorithm())) {
                BCECPrivateKey bc = (BCECPrivateKey) KeyFactory.getInstance("EC", BC)
                        .translateKey(key);
                ECPoint q = bc.getParameters().getG().multiply(bc.getD()).normalize();
                PublicKey bcPublic = KeyFactory.getInstance("EC", BC)
                        .generatePublic(new ECPublicKeySpec(q, bc.getParameters()));
                return KeyFactory.getInstance("EC").generatePublic(
                        new java.security.spec.X509EncodedKeySpec(bcPublic.getEncoded()));
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("Cannot derive the public key of a stored " + key.getAlgorithm()
                    + " key", e);
        }
        throw new IllegalArgumentException("Unsupported account key algorithm " + key.getAlgorithm());
    }
}

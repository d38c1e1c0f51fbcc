package dev.certmagic.internal.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.List;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Tells whether a private key belongs to a certificate's public key. Every certificate loaded from storage or
 * obtained from a CA is checked, so at 10,000 stored certificates the check's cost is a restart's cost: for EC keys
 * on the NIST curves it recomputes the public point from the private scalar (one fixed-base multiplication, about
 * 0.1 ms) instead of signing and verifying a probe (about 1.7 ms on JDK 17); for RSA keys it compares modulus and
 * public exponent, as Go's {@code tls.X509KeyPair} does. Other keys, and keys whose material cannot be read (a
 * hardware token's), are checked by signing a probe and verifying it.
 */
public final class KeyPairs {

    private static final byte[] PROBE = "certmagic key check".getBytes(StandardCharsets.US_ASCII);

    /** BouncyCastle's constant-time custom implementations of the curves ACME CAs issue for. */
    private static final List<X9ECParameters> NIST_CURVES = List.of(CustomNamedCurves.getByName("P-256"),
            CustomNamedCurves.getByName("P-384"), CustomNamedCurves.getByName("P-521"));

    private KeyPairs() {
    }

    /**
     * Tells whether {@code privateKey} is the private half of {@code publicKey}.
     *
     * @param privateKey the private key
     * @param publicKey the certificate's public key
     * @return {@code true} if they form a pair
     */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (privateKey instanceof ECPrivateKey ecPrivate && publicKey instanceof ECPublicKey ecPublic) {
            X9ECParameters curve = nistCurve(ecPublic.getParams());
            if (curve != null && nistCurve(ecPrivate.getParams()) == curve && ecPrivate.getS() != null) {
                return publicPointMatches(curve, ecPrivate.getS(), ecPublic);
            }
        } else if (privateKey instanceof RSAKey rsaPrivate && publicKey instanceof RSAPublicKey rsaPublic
                && rsaPrivate.getModulus() != null) {
            return rsaPrivate.getModulus().equals(rsaPublic.getModulus())
                    && (!(privateKey instanceof RSAPrivateCrtKey crt)
                            || crt.getPublicExponent().equals(rsaPublic.getPublicExponent()));
        }
        return probeVerifies(privateKey, publicKey);
    }

    private static boolean publicPointMatches(X9ECParameters curve, BigInteger scalar, ECPublicKey publicKey) {
        if (scalar.signum() <= 0 || scalar.compareTo(curve.getN()) >= 0) {
            return false;
        }
        ECPoint computed = new FixedPointCombMultiplier().multiply(curve.getG(), scalar).normalize();
        return computed.getAffineXCoord().toBigInteger().equals(publicKey.getW().getAffineX())
                && computed.getAffineYCoord().toBigInteger().equals(publicKey.getW().getAffineY());
    }

    private static X9ECParameters nistCurve(ECParameterSpec params) {
        if (params == null) {
            return null;
        }
        for (X9ECParameters curve : NIST_CURVES) {
            if (curve.getN().equals(params.getOrder())
                    && curve.getG().getAffineXCoord().toBigInteger().equals(params.getGenerator().getAffineX())
                    && curve.getG().getAffineYCoord().toBigInteger().equals(params.getGenerator().getAffineY())
                    && curve.getCurve().getA().toBigInteger().equals(params.getCurve().getA())
                    && curve.getCurve().getB().toBigInteger().equals(params.getCurve().getB())) {
                return curve;
            }
        }
        return null;
    }

    private static boolean probeVerifies(PrivateKey privateKey, PublicKey publicKey) {
        // The same families as KeyAlgorithm.of, spelled out so that this package depends on no certmagic package.
        String keyAlgorithm = privateKey.getAlgorithm();
        String algorithm = switch (keyAlgorithm) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> keyAlgorithm;
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}

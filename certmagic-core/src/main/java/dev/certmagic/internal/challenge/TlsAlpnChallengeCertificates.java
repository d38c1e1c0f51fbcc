package dev.certmagic.internal.challenge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;

import dev.certmagic.tls.ChallengeCertificate;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.util.CertificateUtils;

/**
 * Makes the TLS-ALPN-01 certificate (RFC 8737) for a name from the challenge's key authorization alone: one
 * dNSName and the critical acmeIdentifier extension holding SHA-256 of the key authorization. This is all a peer
 * needs, and all Go CertMagic shares: its TLS handshake rebuilds the certificate from the stored key
 * authorization ({@code acmez.TLSALPN01ChallengeCert}), and so do we for a challenge a peer published.
 *
 * <p>The key is RSA: acme4j signs the challenge certificate with SHA256withRSA.
 */
public final class TlsAlpnChallengeCertificates {

    private TlsAlpnChallengeCertificates() {
    }

    /**
     * Creates a challenge certificate with a fresh key.
     *
     * @param name the identifier being validated, normalized
     * @param keyAuthorization the challenge's key authorization
     * @return the certificate with its key
     */
    public static ChallengeCertificate create(String name, String keyAuthorization) {
        KeyPair keyPair = rsaKeyPair();
        try {
            byte[] validation = MessageDigest.getInstance("SHA-256")
                    .digest(keyAuthorization.getBytes(StandardCharsets.UTF_8));
            return new ChallengeCertificate(name, keyPair.getPrivate(),
                    CertificateUtils.createTlsAlpn01Certificate(keyPair, Identifier.dns(name), validation));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make the TLS-ALPN-01 certificate for " + name, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate RSA keys", e);
        }
    }
}

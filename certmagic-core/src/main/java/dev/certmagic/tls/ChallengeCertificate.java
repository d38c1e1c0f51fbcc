package dev.certmagic.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A TLS-ALPN-01 challenge certificate (RFC 8737) for one identifier, with its key. It is served only to a client
 * that asks for exactly that name by SNI and negotiates the {@code acme-tls/1} protocol.
 *
 * @param name the identifier being validated, normalized (lowercase ASCII, no trailing dot)
 * @param privateKey the certificate's private key
 * @param certificate the self-signed challenge certificate
 */
public record ChallengeCertificate(String name, PrivateKey privateKey, X509Certificate certificate) {

    /**
     * Checks the components.
     *
     * @param name the identifier being validated, normalized (lowercase ASCII, no trailing dot)
     * @param privateKey the certificate's private key
     * @param certificate the self-signed challenge certificate
     */
    public ChallengeCertificate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }
}

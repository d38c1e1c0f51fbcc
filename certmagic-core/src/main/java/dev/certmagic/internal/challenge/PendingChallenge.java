package dev.certmagic.internal.challenge;

import java.util.Objects;

import dev.certmagic.tls.ChallengeCertificate;
import org.jspecify.annotations.Nullable;

/**
 * A challenge this cluster is answering for one identifier: an HTTP-01 token with its key authorization, or a
 * TLS-ALPN-01 key authorization with the certificate made from it. The key authorization is what peers need
 * (Go CertMagic rebuilds the TLS-ALPN-01 certificate from it), so it is what storage holds.
 *
 * @param identifier the name being validated, normalized
 * @param type {@code http-01} or {@code tls-alpn-01}
 * @param token the challenge's token (required for HTTP-01)
 * @param keyAuthorization the key authorization: the HTTP-01 response body, or what the TLS-ALPN-01 certificate
 *     carries as a SHA-256 digest
 * @param url the challenge's URL at the CA, or {@code null} when unknown (informational, as in CertMagic)
 * @param certificate the TLS-ALPN-01 certificate, or {@code null} for HTTP-01
 */
public record PendingChallenge(String identifier, String type, @Nullable String token, String keyAuthorization,
        @Nullable String url, @Nullable ChallengeCertificate certificate) {

    /** The HTTP-01 challenge type. */
    public static final String HTTP_01 = "http-01";

    /** The TLS-ALPN-01 challenge type. */
    public static final String TLS_ALPN_01 = "tls-alpn-01";

    /**
     * Checks that the fields fit the type.
     *
     * @param identifier the name being validated, normalized
     * @param type {@code http-01} or {@code tls-alpn-01}
     * @param token the challenge's token (required for HTTP-01)
     * @param keyAuthorization the key authorization
     * @param url the challenge's URL at the CA, or {@code null}
     * @param certificate the TLS-ALPN-01 certificate, or {@code null} for HTTP-01
     */
    public PendingChallenge {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(keyAuthorization, "keyAuthorization");
        if (HTTP_01.equals(type)) {
            Objects.requireNonNull(token, "token");
        } else if (TLS_ALPN_01.equals(type)) {
            Objects.requireNonNull(certificate, "certificate");
        } else {
            throw new IllegalArgumentException("Unsupported challenge type " + type);
        }
    }

    /**
     * Creates a pending HTTP-01 challenge whose URL is unknown.
     *
     * @param identifier the name
     * @param token the token
     * @param keyAuthorization the key authorization
     * @return the challenge
     */
    public static PendingChallenge http01(String identifier, String token, String keyAuthorization) {
        return http01(identifier, token, keyAuthorization, null);
    }

    /**
     * Creates a pending HTTP-01 challenge.
     *
     * @param identifier the name
     * @param token the token
     * @param keyAuthorization the key authorization
     * @param url the challenge's URL at the CA, or {@code null}
     * @return the challenge
     */
    public static PendingChallenge http01(String identifier, String token, String keyAuthorization,
            @Nullable String url) {
        return new PendingChallenge(identifier, HTTP_01, token, keyAuthorization, url, null);
    }

    /**
     * Creates a pending TLS-ALPN-01 challenge.
     *
     * @param token the challenge's token, or {@code null}
     * @param keyAuthorization the key authorization the certificate was made from
     * @param url the challenge's URL at the CA, or {@code null}
     * @param certificate the challenge certificate (its name is the identifier)
     * @return the challenge
     */
    public static PendingChallenge tlsAlpn01(@Nullable String token, String keyAuthorization, @Nullable String url,
            ChallengeCertificate certificate) {
        return new PendingChallenge(certificate.name(), TLS_ALPN_01, token, keyAuthorization, url, certificate);
    }

    @Override
    public String toString() {
        return "PendingChallenge[" + type + " " + identifier + "]";
    }
}

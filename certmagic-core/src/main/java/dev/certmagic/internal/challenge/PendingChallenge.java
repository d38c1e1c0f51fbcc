package dev.certmagic.internal.challenge;

import java.util.Objects;

import dev.certmagic.tls.ChallengeCertificate;

/**
 * A challenge this cluster is answering for one identifier: an HTTP-01 token with its key authorization, or a
 * TLS-ALPN-01 certificate.
 *
 * @param identifier the name being validated, normalized
 * @param type {@code http-01} or {@code tls-alpn-01}
 * @param token the HTTP-01 token, or {@code null}
 * @param keyAuthorization the HTTP-01 response body, or {@code null}
 * @param certificate the TLS-ALPN-01 certificate, or {@code null}
 */
public record PendingChallenge(String identifier, String type, String token, String keyAuthorization,
        ChallengeCertificate certificate) {

    /** The HTTP-01 challenge type. */
    public static final String HTTP_01 = "http-01";

    /** The TLS-ALPN-01 challenge type. */
    public static final String TLS_ALPN_01 = "tls-alpn-01";

    /**
     * Checks that the fields fit the type.
     *
     * @param identifier the name being validated, normalized
     * @param type {@code http-01} or {@code tls-alpn-01}
     * @param token the HTTP-01 token, or {@code null}
     * @param keyAuthorization the HTTP-01 response body, or {@code null}
     * @param certificate the TLS-ALPN-01 certificate, or {@code null}
     */
    public PendingChallenge {
        Objects.requireNonNull(identifier, "identifier");
        if (HTTP_01.equals(type)) {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(keyAuthorization, "keyAuthorization");
        } else if (TLS_ALPN_01.equals(type)) {
            Objects.requireNonNull(certificate, "certificate");
        } else {
            throw new IllegalArgumentException("Unsupported challenge type " + type);
        }
    }

    /**
     * Creates a pending HTTP-01 challenge.
     *
     * @param identifier the name
     * @param token the token
     * @param keyAuthorization the key authorization
     * @return the challenge
     */
    public static PendingChallenge http01(String identifier, String token, String keyAuthorization) {
        return new PendingChallenge(identifier, HTTP_01, token, keyAuthorization, null);
    }

    /**
     * Creates a pending TLS-ALPN-01 challenge.
     *
     * @param certificate the challenge certificate (its name is the identifier)
     * @return the challenge
     */
    public static PendingChallenge tlsAlpn01(ChallengeCertificate certificate) {
        return new PendingChallenge(certificate.name(), TLS_ALPN_01, null, null, certificate);
    }

    @Override
    public String toString() {
        return "PendingChallenge[" + type + " " + identifier + "]";
    }
}

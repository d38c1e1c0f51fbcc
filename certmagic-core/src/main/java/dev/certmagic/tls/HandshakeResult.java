package dev.certmagic.tls;

import java.util.Locale;

/**
 * How the key manager answered a handshake's request for a certificate.
 */
public enum HandshakeResult {

    /** A cached certificate for the SNI name (exact or wildcard). */
    HIT,

    /** The default server name's certificate (no SNI, or nothing for the SNI name). */
    DEFAULT,

    /** A TLS-ALPN-01 challenge certificate, for an ACME validator. */
    CHALLENGE,

    /** A certificate obtained (or found) on demand during the handshake. */
    ON_DEMAND,

    /** No certificate at all: the handshake fails. */
    MISS;

    private final String tagValue = name().toLowerCase(Locale.ROOT);

    /**
     * Returns the lowercase name used as a metric tag ({@code hit}, {@code default}, {@code challenge},
     * {@code on_demand}, {@code miss}).
     *
     * @return the tag value
     */
    public String tagValue() {
        return tagValue;
    }
}

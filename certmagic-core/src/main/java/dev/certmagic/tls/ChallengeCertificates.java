package dev.certmagic.tls;

import org.jspecify.annotations.Nullable;

/**
 * Where the TLS layer finds pending TLS-ALPN-01 challenge certificates. The ACME challenge solver publishes them;
 * the key manager reads them during handshakes, so implementations must answer without blocking.
 */
@FunctionalInterface
public interface ChallengeCertificates {

    /** A source that never has a challenge pending. */
    ChallengeCertificates NONE = name -> null;

    /**
     * Returns the pending challenge certificate for exactly {@code name}.
     *
     * @param name a normalized host name (lowercase ASCII, no trailing dot)
     * @return the challenge certificate, or {@code null} when no challenge for that name is pending
     */
    @Nullable ChallengeCertificate forName(String name);
}

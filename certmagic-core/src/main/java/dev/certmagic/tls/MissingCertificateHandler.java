package dev.certmagic.tls;

import org.jspecify.annotations.Nullable;

import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;

/**
 * Called during a handshake when no cached certificate matches the client's SNI: the hook where on-demand issuance
 * will plug in. It runs on the handshake thread, so an implementation must answer quickly (or decide quickly to
 * answer {@code null}) and must not throw.
 */
@FunctionalInterface
public interface MissingCertificateHandler {

    /**
     * Supplies a certificate for a name the cache does not hold.
     *
     * @param name the normalized SNI name
     * @param keyType the key type the handshake is asking for
     * @return a certificate covering {@code name} with that key type (it should also have been added to the
     *     cache, so that the alias resolves), or {@code null} to fall back to the default server name
     */
    @Nullable ManagedCertificate certificateFor(String name, KeyAlgorithm keyType);
}

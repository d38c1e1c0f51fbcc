package dev.certmagic.autoconfigure.web.tomcat;

import javax.net.ssl.SSLEngine;

import dev.certmagic.tls.ApplicationProtocols;

/**
 * Reads, from a Tomcat engine, whether the client offered {@code acme-tls/1}: Tomcat reads the ClientHello before it
 * creates the engine and sets the engine's ALPN list to its negotiable protocols that the client offered
 * ({@code AbstractEndpoint.createSSLEngine}), and {@link AcmeTlsNegotiation} makes {@code acme-tls/1} negotiable.
 * Tomcat sets no list when it could not read the ClientHello (no SNI, or larger than its parse limit): then this
 * says "not offered", and certificate choice and ALPN selection both act on that same answer.
 */
final class AcmeTlsOffer {

    private AcmeTlsOffer() {
    }

    /**
     * Tells whether the engine's ALPN list holds {@code acme-tls/1}.
     *
     * @param engine a server engine Tomcat configured, or an engine that shares its parameters (Conscrypt passes
     *     its inner engine to the key manager, its wrapper to the ALPN selector)
     * @return {@code true} when Tomcat saw {@code acme-tls/1} offered; {@code false} otherwise, and on any failure
     */
    static boolean offered(SSLEngine engine) {
        if (engine == null) {
            return false;
        }
        try {
            for (String protocol : engine.getSSLParameters().getApplicationProtocols()) {
                if (ApplicationProtocols.ACME_TLS_1.equals(protocol)) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            // A client's input never makes certificate choice or ALPN selection throw: read as "not offered".
        }
        return false;
    }
}

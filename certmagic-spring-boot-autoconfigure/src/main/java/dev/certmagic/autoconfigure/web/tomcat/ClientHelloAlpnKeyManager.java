package dev.certmagic.autoconfigure.web.tomcat;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.tls.ApplicationProtocols;

/**
 * certmagic's key manager for Tomcat engines whose TLS implementation chooses the certificate before it
 * negotiates ALPN (Conscrypt: BoringSSL's certificate callback runs before its ALPN callback), so that TLS-ALPN-01
 * (RFC 8737) still gets its challenge certificate.
 *
 * <p>How it knows: Tomcat reads the ClientHello before it creates the engine, and sets the engine's ALPN list to
 * its negotiable protocols that the client offered ({@code AbstractEndpoint.createSSLEngine}). The Tomcat wiring
 * makes {@code acme-tls/1} negotiable ({@link AcmeTlsNegotiation}), so {@code acme-tls/1} is in that list exactly
 * when the client offered it ({@link AcmeTlsOffer}), and {@link AcmeTlsOfferSelector} on the same engine chooses it
 * on that same condition: what this key manager reads here is what the handshake will negotiate. Conscrypt passes
 * its own engine (not the wrapper Tomcat holds) to the key manager; both share the parameters read here.
 *
 * <p>Everything else is {@link SniKeyManager}'s: SNI from the handshake session, cache, storage, on-demand, default.
 */
final class ClientHelloAlpnKeyManager extends X509ExtendedKeyManager {

    private final SniKeyManager delegate;

    /**
     * Wraps certmagic's key manager.
     *
     * @param delegate the manager's key manager
     */
    ClientHelloAlpnKeyManager(SniKeyManager delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return delegate.chooseEngineServerAlias(keyType, engine, applicationProtocol(engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        // Tomcat's connectors use engines; a socket has no ClientHello list to read.
        return delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return delegate.getPrivateKey(alias);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    /**
     * The protocol this handshake negotiates as far as certificate choice cares: {@code acme-tls/1} when Tomcat saw
     * it offered ({@link AcmeTlsOffer}), else whatever the engine already negotiated (nothing, on Conscrypt).
     */
    private static String applicationProtocol(SSLEngine engine) {
        if (AcmeTlsOffer.offered(engine)) {
            return ApplicationProtocols.ACME_TLS_1;
        }
        if (engine == null) {
            return null;
        }
        String negotiated = engine.getHandshakeApplicationProtocol();
        return negotiated == null || negotiated.isEmpty() ? null : negotiated;
    }
}

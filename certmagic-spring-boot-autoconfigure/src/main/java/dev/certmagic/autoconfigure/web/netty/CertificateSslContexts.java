package dev.certmagic.autoconfigure.web.netty;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.certmagic.tls.ApplicationProtocols;
import dev.certmagic.tls.ChallengeCertificate;
import dev.certmagic.tls.ChallengeCertificates;
import dev.certmagic.tls.TlsDefaults;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import org.jspecify.annotations.Nullable;

/**
 * One Netty {@link SslContext} per certificate, built the first time a handshake needs it and reused until the
 * certificate leaves the manager's cache: building a context (a JSSE key manager, or a BoringSSL {@code SSL_CTX})
 * costs far more than a handshake, so it never happens per handshake. Keyed by the cache alias, which names one
 * certificate (chain and key) and changes when a renewal replaces it.
 *
 * <p>Settings are certmagic's {@link TlsDefaults} (TLS 1.3 and 1.2, forward-secret AEAD suites) and ALPN
 * {@code h2} (when HTTP/2 is on) and {@code http/1.1}. TLS-ALPN-01 challenge certificates get their own contexts,
 * offering {@code acme-tls/1} only, kept while their challenge is pending.
 *
 * <p>With OCSP stapling on BoringSSL, certificate contexts are built with OCSP enabled; the staple itself is set on
 * each engine (see {@link #aliasOf}), so a refreshed staple needs no new context.
 *
 * <p>Thread-safe; reads are lock-free. Building may take milliseconds, so callers on an event loop only read
 * ({@link #cached}) and build elsewhere.
 */
final class CertificateSslContexts {

    private final SslProvider provider;

    private final ApplicationProtocolConfig applicationProtocols;

    private final Map<String, SslContext> byAlias = new ConcurrentHashMap<>();

    private final Map<String, ChallengeContext> byChallengeName = new ConcurrentHashMap<>();

    /** The reverse of {@link #byAlias}; {@link SslContext} keeps identity equality, so this is an identity map. */
    private final Map<SslContext, String> aliasByContext = new ConcurrentHashMap<>();

    private final boolean ocsp;

    /**
     * Creates the registry.
     *
     * @param provider the TLS implementation
     * @param http2 whether {@code h2} is offered by ALPN
     * @param ocsp whether certificate contexts are built for OCSP stapling (BoringSSL only: Netty's JDK contexts
     *     refuse the option, JSSE staples through its own system properties)
     */
    CertificateSslContexts(SslProvider provider, boolean http2, boolean ocsp) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.ocsp = ocsp;
        List<String> protocols = http2 ? List.of(ApplicationProtocols.H2, ApplicationProtocols.HTTP_1_1)
                : List.of(ApplicationProtocols.HTTP_1_1);
        this.applicationProtocols = alpn(protocols);
    }

    /** The TLS implementation these contexts use. */
    SslProvider provider() {
        return provider;
    }

    /**
     * Returns the context already built for a certificate.
     *
     * @param alias the cache alias
     * @return the context, or {@code null} when none was built yet
     */
    @Nullable SslContext cached(String alias) {
        return byAlias.get(alias);
    }

    /**
     * Returns the cache alias of the certificate a context serves.
     *
     * @param context a context this registry built
     * @return the alias, or {@code null} for a challenge context or one already dropped
     */
    @Nullable String aliasOf(SslContext context) {
        return aliasByContext.get(context);
    }

    /**
     * Returns the context for a certificate, building it on first use. Contexts of certificates that the key
     * manager no longer resolves (replaced, evicted, past the alias grace period) are dropped meanwhile.
     *
     * @param alias the cache alias chosen by the key manager
     * @param keyManager resolves the alias to chain and key
     * @return the context, or {@code null} when the alias no longer resolves
     * @throws SSLException when the TLS implementation refuses the key or chain
     */
    @Nullable SslContext forAlias(String alias, X509ExtendedKeyManager keyManager) throws SSLException {
        SslContext existing = byAlias.get(alias);
        if (existing != null) {
            return existing;
        }
        PrivateKey key = keyManager.getPrivateKey(alias);
        X509Certificate[] chain = keyManager.getCertificateChain(alias);
        if (key == null || chain == null || chain.length == 0) {
            return null;
        }
        SslContext built = build(key, chain, applicationProtocols, ocsp);
        SslContext raced = byAlias.putIfAbsent(alias, built);
        if (raced == null) {
            aliasByContext.put(built, alias);
        }
        // Only a new certificate can make an old one obsolete: prune here, off the handshake's fast path.
        byAlias.entrySet().removeIf((known) -> {
            boolean obsolete = !known.getKey().equals(alias) && keyManager.getPrivateKey(known.getKey()) == null;
            if (obsolete) {
                aliasByContext.remove(known.getValue());
            }
            return obsolete;
        });
        return raced != null ? raced : built;
    }

    /**
     * Returns the context that serves a pending TLS-ALPN-01 challenge certificate, with {@code acme-tls/1} as the
     * only ALPN protocol (RFC 8737).
     *
     * @param challenge the challenge certificate
     * @param pending the challenges still pending, to drop contexts of finished ones
     * @return the context
     * @throws SSLException when the TLS implementation refuses the key or certificate
     */
    SslContext forChallenge(ChallengeCertificate challenge, ChallengeCertificates pending) throws SSLException {
        ChallengeContext existing = byChallengeName.get(challenge.name());
        if (existing != null && existing.challenge() == challenge) {
            return existing.context();
        }
        SslContext built = build(challenge.privateKey(), new X509Certificate[] {challenge.certificate()},
                alpn(List.of(ApplicationProtocols.ACME_TLS_1)), false);
        byChallengeName.put(challenge.name(), new ChallengeContext(challenge, built));
        byChallengeName.values().removeIf((entry) -> pending.forName(entry.challenge().name()) != entry.challenge());
        return built;
    }

    private SslContext build(PrivateKey key, X509Certificate[] chain, ApplicationProtocolConfig alpn,
            boolean withOcsp) throws SSLException {
        return SslContextBuilder.forServer(key, chain)
            .sslProvider(provider)
            .enableOcsp(withOcsp)
            .protocols(TlsDefaults.PROTOCOLS)
            .ciphers(TlsDefaults.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
            .applicationProtocolConfig(alpn)
            .build();
    }

    private static ApplicationProtocolConfig alpn(List<String> protocols) {
        // NO_ADVERTISE and ACCEPT: a client offering none of these protocols still completes the handshake
        // (HTTP/1.1 then), as Tomcat and Jetty with certmagic behave.
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
    }

    private record ChallengeContext(ChallengeCertificate challenge, SslContext context) {
    }
}

package dev.certmagic.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.ondemand.OnDemandGate;
import dev.certmagic.tls.ApplicationProtocols;
import dev.certmagic.tls.ChallengeCertificate;
import dev.certmagic.tls.ChallengeCertificates;
import dev.certmagic.tls.HandshakeCounters;
import dev.certmagic.tls.HandshakeResult;
import dev.certmagic.tls.MissingCertificateHandler;

/**
 * The server key manager of certmagic (CertMagic's {@code GetCertificate}): picks the certificate for each
 * handshake by SNI, negotiated ALPN and requested key type.
 *
 * <p>Selection: ALPN {@code acme-tls/1} serves the pending challenge certificate for exactly the SNI name, or
 * nothing (a validator must never see a real certificate, nor an ordinary client a challenge one). Otherwise the
 * SNI name is normalized once and looked up exactly, then by wildcard; a miss goes to the stored-certificate
 * loader (a managed name not loaded yet is loaded from storage on the spot), then to the
 * {@link MissingCertificateHandler} (on-demand, when configured), then to the default server name, which is also
 * what clients without SNI (or with an unusable one) get. A certificate of another key type than JSSE asks for
 * yields {@code null}, so JSSE asks again with its next key type: a name with an ECDSA and an RSA certificate
 * serves each client what it supports.
 *
 * <p>This runs on every handshake: no locks, no logging, no scans; the only allocations are the chain copy handed
 * to JSSE and, on an exact-name miss, the wildcard key (and, for non-ASCII or mixed-case SNI, its normalized
 * form); counting the result is a striped increment ({@link HandshakeCounters}). Nothing a client sends can
 * make it throw; an unexpected runtime failure is turned into "no
 * certificate", which JSSE reports as a handshake failure to that client only.
 *
 * <p>Session resumption bypasses the key manager. Without an {@code SNIMatcher} on the server, JSSE resumes a
 * TLS 1.2 session (by session ID or stateless ticket) without comparing the new SNI with the session's, so a session
 * made for {@code a.example} resumed under {@code b.example} or an unknown on-demand name (seen on JDK 17 with
 * {@code openssl s_client -tls1_2 -sess_in}). The servers certmagic configures install
 * {@link dev.certmagic.tls.ServerNameSessions}' matcher, which makes JSSE record the name and refuse resumption
 * under another one; a resumption that carries no SNI at all still succeeds (see there why that admits no one
 * new).
 *
 * <p>Client-side methods return {@code null} (this key manager never offers client certificates).
 */
public final class SniKeyManager extends X509ExtendedKeyManager {

    private static final String CHALLENGE_PREFIX = "acme-tls/1:";
    /** Handshake-session mark: the on-demand handler already answered nothing during this handshake. */
    private static final String ON_DEMAND_MISSED = "dev.certmagic.on-demand-missed";
    private static final KeyAlgorithm[] KEY_TYPES = KeyAlgorithm.values();

    private final CertificateCache cache;
    private final ChallengeCertificates challenges;
    private final MissingCertificateHandler storedCertificates;
    private final MissingCertificateHandler missingCertificateHandler;
    private final HandshakeCounters counters = new HandshakeCounters();
    /** The gate answers alike for every key type (a user's handler may not), so asking it again only waits again. */
    private final boolean askOncePerHandshake;

    /**
     * Creates a key manager over a cache.
     *
     * @param cache the certificates to serve
     * @param challenges the pending TLS-ALPN-01 challenge certificates
     * @param missingCertificateHandler asked when nothing matches the SNI; {@code null} for none
     */
    public SniKeyManager(CertificateCache cache, ChallengeCertificates challenges,
            MissingCertificateHandler missingCertificateHandler) {
        this(cache, challenges, null, missingCertificateHandler);
    }

    /**
     * Creates a key manager over a cache whose managed certificates may still be in storage only.
     *
     * @param cache the certificates to serve
     * @param challenges the pending TLS-ALPN-01 challenge certificates
     * @param storedCertificates asked first when nothing cached matches the SNI: loads a managed name that is
     *     not cached yet (counted as a hit); {@code null} for none
     * @param missingCertificateHandler asked next (on-demand); {@code null} for none
     */
    public SniKeyManager(CertificateCache cache, ChallengeCertificates challenges,
            MissingCertificateHandler storedCertificates, MissingCertificateHandler missingCertificateHandler) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.storedCertificates = storedCertificates;
        this.missingCertificateHandler = missingCertificateHandler;
        this.askOncePerHandshake = missingCertificateHandler instanceof OnDemandGate;
    }

    /**
     * Returns the counts of selections by result, for metrics (see {@link HandshakeCounters} for what counts).
     *
     * @return the live counters
     */
    public HandshakeCounters counters() {
        return counters;
    }

    /**
     * Chooses the alias for a handshake on an {@link SSLEngine} (Tomcat, Jetty, Netty).
     *
     * @param keyType the key type JSSE asks for ({@code EC}, {@code RSA}, ...)
     * @param issuers ignored (servers are not chosen by issuer)
     * @param engine the engine doing the handshake
     * @return an alias, or {@code null} when no certificate of that key type fits
     */
    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        if (engine == null) {
            return choose(keyType, null, null);
        }
        return choose(keyType, engine.getHandshakeSession(), engine.getHandshakeApplicationProtocol());
    }

    /**
     * Chooses the alias for a handshake on an engine whose TLS implementation asks for the certificate before it
     * negotiates ALPN (Conscrypt: BoringSSL runs its certificate callback first, so
     * {@link SSLEngine#getHandshakeApplicationProtocol()} is still {@code null} here). The caller says which
     * protocol the handshake is about to negotiate, from the ClientHello it has seen; the SNI name still comes from
     * the engine's handshake session, which also carries the on-demand "asked once" mark as in
     * {@link #chooseEngineServerAlias(String, Principal[], SSLEngine)}.
     *
     * @param keyType the key type the engine asks for ({@code EC}, {@code RSA}, ...)
     * @param engine the engine doing the handshake, or {@code null}
     * @param applicationProtocol the protocol the handshake will negotiate ({@code acme-tls/1} for a TLS-ALPN-01
     *     validation), or {@code null}
     * @return an alias, or {@code null} when no certificate of that key type fits
     */
    public String chooseEngineServerAlias(String keyType, SSLEngine engine, String applicationProtocol) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession(), applicationProtocol);
    }

    /**
     * Chooses the alias for a handshake on an {@link SSLSocket}.
     *
     * @param keyType the key type JSSE asks for
     * @param issuers ignored
     * @param socket the socket doing the handshake
     * @return an alias, or {@code null} when no certificate of that key type fits
     */
    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            return choose(keyType, ssl.getHandshakeSession(), ssl.getHandshakeApplicationProtocol());
        }
        return choose(keyType, null, null);
    }

    /**
     * Returns the chain for an alias chosen by this key manager, consistent with {@link #getPrivateKey}.
     *
     * @param alias the alias
     * @return a copy of the chain, or {@code null} for an unknown alias
     */
    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        if (alias == null) {
            return null;
        }
        if (alias.startsWith(CHALLENGE_PREFIX)) {
            ChallengeCertificate challenge = resolveChallenge(alias);
            return challenge == null ? null : new X509Certificate[] {challenge.certificate()};
        }
        ManagedCertificate certificate = cache.byAlias(alias);
        return certificate == null ? null : certificate.chainArray();
    }

    /**
     * Returns the private key for an alias chosen by this key manager.
     *
     * @param alias the alias
     * @return the key, or {@code null} for an unknown alias
     */
    @Override
    public PrivateKey getPrivateKey(String alias) {
        if (alias == null) {
            return null;
        }
        if (alias.startsWith(CHALLENGE_PREFIX)) {
            ChallengeCertificate challenge = resolveChallenge(alias);
            return challenge == null ? null : challenge.privateKey();
        }
        ManagedCertificate certificate = cache.byAlias(alias);
        return certificate == null ? null : certificate.privateKey();
    }

    /**
     * Not supported: the set of server certificates is open-ended (on-demand) and JSSE servers never ask.
     *
     * @return {@code null}
     */
    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /**
     * Client side, not supported.
     *
     * @return {@code null}: no client certificate
     */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /**
     * Client side, not supported.
     *
     * @return {@code null}: no client certificate
     */
    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    /**
     * Client side, not supported.
     *
     * @return {@code null}: no client certificate
     */
    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    /**
     * The selection itself, without a JSSE session: what {@code choose*ServerAlias} do once they have read the SNI
     * and the negotiated ALPN. Public for servers that terminate TLS elsewhere and for benchmarks.
     *
     * @param jsseKeyType the key type JSSE asks for ({@code EC}, {@code RSA}, ...)
     * @param serverName the client's SNI host name as sent (not yet normalized), or {@code null}
     * @param applicationProtocol the negotiated ALPN protocol, or {@code null}
     * @return an alias for {@link #getCertificateChain} and {@link #getPrivateKey}, or {@code null}
     */
    public String selectAlias(String jsseKeyType, String serverName, String applicationProtocol) {
        return select(jsseKeyType, serverName, applicationProtocol, null);
    }

    /**
     * The part of {@link #selectAlias} that never waits: the cache only (exact name, then wildcard), or the
     * default server name's certificate for a handshake without SNI. Servers that choose the certificate before
     * the TLS engine exists (Netty's ClientHello handlers) call it on their event loop and run
     * {@link #selectAlias} elsewhere when it answers {@code null}, because that one may read storage or wait for
     * on-demand issuance. A found certificate is counted as {@link HandshakeResult#HIT} or
     * {@link HandshakeResult#DEFAULT}; a miss is not counted (the full selection that follows counts it).
     *
     * @param jsseKeyType the key type wanted ({@code EC}, {@code RSA}, ...)
     * @param serverName the client's SNI host name as sent, or {@code null} when the client sent none
     * @return an alias, or {@code null} when the full selection must decide
     */
    public String selectCachedAlias(String jsseKeyType, String serverName) {
        try {
            KeyAlgorithm keyType = KeyAlgorithm.fromJsse(jsseKeyType);
            if (keyType == null) {
                return null;
            }
            ManagedCertificate certificate;
            HandshakeResult result;
            if (serverName == null) {
                certificate = cache.selectDefault(keyType);
                result = HandshakeResult.DEFAULT;
            } else {
                String name = HostNames.normalize(serverName);
                certificate = name == null ? null : cache.select(name, keyType);
                result = HandshakeResult.HIT;
            }
            if (certificate == null || certificate.keyAlgorithm() != keyType) {
                return null;
            }
            counters.increment(result);
            return certificate.alias();
        } catch (RuntimeException e) {
            // As in select: a client's input never makes the handshake path throw.
            return null;
        }
    }

    private String select(String jsseKeyType, String serverName, String applicationProtocol, SSLSession session) {
        try {
            if (ApplicationProtocols.ACME_TLS_1.equals(applicationProtocol)) {
                String alias = challengeAlias(jsseKeyType, serverName);
                if (alias != null) {
                    counters.increment(HandshakeResult.CHALLENGE);
                }
                return alias;
            }
            KeyAlgorithm keyType = KeyAlgorithm.fromJsse(jsseKeyType);
            if (keyType == null) {
                return null;
            }
            ManagedCertificate certificate = null;
            HandshakeResult result = HandshakeResult.HIT;
            String name = serverName == null ? null : HostNames.normalize(serverName);
            if (name != null) {
                certificate = cache.select(name, keyType);
                if (certificate == null && storedCertificates != null) {
                    certificate = storedCertificates.certificateFor(name, keyType);
                }
                if (certificate == null && missingCertificateHandler != null && !onDemandMissed(session)) {
                    certificate = missingCertificateHandler.certificateFor(name, keyType);
                    result = HandshakeResult.ON_DEMAND;
                    if (certificate == null && session != null && askOncePerHandshake) {
                        // JSSE asks once per key type (and, in TLS 1.2, per cipher suite): without this mark one
                        // handshake would wait for an undecided name once per ask, several handshake timeouts.
                        session.putValue(ON_DEMAND_MISSED, Boolean.TRUE);
                    }
                }
            }
            if (certificate == null) {
                certificate = cache.selectDefault(keyType);
                result = HandshakeResult.DEFAULT;
            }
            if (certificate == null) {
                if (noCertificateOfAnyType(name)) {
                    counters.increment(HandshakeResult.MISS);
                }
                return null;
            }
            if (certificate.keyAlgorithm() != keyType) {
                return null;
            }
            counters.increment(result);
            return certificate.alias();
        } catch (RuntimeException e) {
            // Deliberately silent: this is a per-handshake path reachable by any client. No alias fails only
            // this handshake, cleanly, with a TLS alert.
            return null;
        }
    }

    private String choose(String jsseKeyType, SSLSession session, String applicationProtocol) {
        String serverName;
        try {
            serverName = requestedHostName(session);
        } catch (RuntimeException e) {
            serverName = null;
        }
        return select(jsseKeyType, serverName, applicationProtocol, session);
    }

    private static boolean onDemandMissed(SSLSession session) {
        return session != null && session.getValue(ON_DEMAND_MISSED) != null;
    }

    /**
     * Tells, on the (rare) path where nothing of the asked key type was found, whether any other key type would
     * have served: then JSSE asks again and this answer is not a miss.
     */
    private boolean noCertificateOfAnyType(String name) {
        for (KeyAlgorithm other : KEY_TYPES) {
            if (name != null && cache.select(name, other) != null || cache.selectDefault(other) != null) {
                return false;
            }
        }
        return true;
    }

    private String challengeAlias(String jsseKeyType, String sni) {
        String name = sni == null ? null : HostNames.normalize(sni);
        if (name == null) {
            return null;
        }
        ChallengeCertificate challenge = challenges.forName(name);
        if (challenge == null || KeyAlgorithm.of(challenge.privateKey()) != KeyAlgorithm.fromJsse(jsseKeyType)) {
            return null;
        }
        // The identity code ties the alias to this very certificate: if the challenge is replaced between
        // choosing and fetching, the fetch answers null rather than mixing one challenge's chain and another's key.
        return CHALLENGE_PREFIX + System.identityHashCode(challenge) + ":" + name;
    }

    private ChallengeCertificate resolveChallenge(String alias) {
        int separator = alias.indexOf(':', CHALLENGE_PREFIX.length());
        if (separator < 0) {
            return null;
        }
        String identity = alias.substring(CHALLENGE_PREFIX.length(), separator);
        ChallengeCertificate challenge = challenges.forName(alias.substring(separator + 1));
        if (challenge == null || !identity.equals(Integer.toString(System.identityHashCode(challenge)))) {
            return null;
        }
        return challenge;
    }

    private static String requestedHostName(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession extended)) {
            return null;
        }
        List<SNIServerName> names = extended.getRequestedServerNames();
        for (int i = 0, n = names.size(); i < n; i++) {
            if (names.get(i) instanceof SNIHostName host) {
                return host.getAsciiName();
            }
        }
        return null;
    }
}

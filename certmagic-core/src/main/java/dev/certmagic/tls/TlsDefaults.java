package dev.certmagic.tls;

import java.lang.reflect.Method;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.certmagic.internal.crypto.PerThreadSecureRandom;
import dev.certmagic.internal.tls.SniKeyManager;

/**
 * The TLS settings of a certmagic server, in the spirit of CertMagic's defaults: TLS 1.3 and 1.2 only, forward
 * secret AEAD suites only (ECDHE with AES-GCM or ChaCha20-Poly1305; no CBC, no static RSA key exchange), the
 * server's suite order, and the named groups x25519, secp256r1, secp384r1 in that order.
 *
 * <p>Named groups can be set per connection only from Java 20 ({@code SSLParameters.setNamedGroups}); on older
 * runtimes the JDK's default order, which already starts with these three but goes on to secp521r1, x448 and the
 * ffdhe groups, applies. The {@code jdk.tls.namedGroups} system property is the operator's choice and always wins.
 *
 * <p>Session resumption: {@link #sslContext} makes JSSE resume from its server-side session cache rather than
 * from stateless session tickets (see {@link #SERVER_SESSION_TICKETS}); cache size and lifetime stay the JDK's
 * (20,480 sessions, 24 hours), the same as Tomcat's own defaults.
 */
public final class TlsDefaults {

    /** The protocol versions, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The cipher suites, in server preference order: TLS 1.3 suites, then TLS 1.2 ECDHE AEAD suites. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** The key exchange groups, most preferred first (Caddy's: no ffdhe, no secp521r1, no x448). */
    public static final List<String> NAMED_GROUPS = List.of("x25519", "secp256r1", "secp384r1");

    /** The JSSE system property with which an operator chooses the named groups for the whole JVM. */
    public static final String NAMED_GROUPS_PROPERTY = "jdk.tls.namedGroups";

    /**
     * The JSSE system property that turns stateless TLS session tickets on or off for servers (JSSE's default:
     * on). A certificate chosen by SNI and stateless tickets do not mix: from JDK 25 on, JSSE restores a ticket's
     * certificate by asking the key manager before the handshake exposes the SNI, gets no certificate, and falls
     * back to a full handshake on every resumption; JDK 17 resumes a TLS 1.3 ticket under any SNI without asking.
     * The server-side cache resumes on both and, for TLS 1.3, only under the same SNI.
     */
    public static final String SERVER_SESSION_TICKETS = "jdk.tls.server.enableSessionTicketExtension";

    /** {@code SSLParameters.setNamedGroups(String[])} where the runtime has it (Java 20+), else {@code null}. */
    private static final Method SET_NAMED_GROUPS = findSetNamedGroups();

    private TlsDefaults() {
    }

    /**
     * Builds a server {@link SSLContext} around a key manager (typically the {@link SniKeyManager}).
     *
     * <p>Unless {@value #SERVER_SESSION_TICKETS} is set (the operator's choice wins), sets it to {@code false}
     * first, because JSSE reads it when it creates a context: this context then resumes sessions from its
     * server-side cache. The property is JVM-wide, so server contexts created later in this JVM do the same; it
     * stays set. ({@code CertificateManager.sslContext()} sets it itself before calling this method and clears it
     * again when the manager closes.)
     *
     * <p>The context draws its randomness from a generator per thread ({@code PerThreadSecureRandom}), not from
     * the JDK's default one, whose single lock every concurrent handshake would otherwise queue on.
     *
     * @param keyManager the key manager
     * @return an initialized TLS context (default trust managers, a {@code PerThreadSecureRandom})
     * @throws IllegalStateException if the runtime has no TLS implementation
     */
    public static SSLContext sslContext(X509ExtendedKeyManager keyManager) {
        if (System.getProperty(SERVER_SESSION_TICKETS) == null) {
            System.setProperty(SERVER_SESSION_TICKETS, "false");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, null, PerThreadSecureRandom.shared());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Applies the protocols, suites, suite order and named groups to parameters, and ties sessions to their
     * server name ({@link ServerNameSessions}).
     *
     * @param parameters the parameters to change (and return)
     * @param supportedCipherSuites what the engine or socket supports; unsupported defaults are skipped
     * @return {@code parameters}
     */
    public static SSLParameters apply(SSLParameters parameters, String[] supportedCipherSuites) {
        List<String> suites = usableCipherSuites(supportedCipherSuites);
        parameters.setProtocols(PROTOCOLS.toArray(new String[0]));
        parameters.setCipherSuites(suites.toArray(new String[0]));
        parameters.setUseCipherSuitesOrder(true);
        ServerNameSessions.bind(parameters);
        return applyNamedGroups(parameters);
    }

    /**
     * Restricts the key exchange groups of one connection to {@link #NAMED_GROUPS}, where the runtime can (Java
     * 20+, {@code SSLParameters.setNamedGroups}) and the operator did not choose the groups with
     * {@value #NAMED_GROUPS_PROPERTY}. On Java 17 nothing changes here: the JDK's default list applies (x25519,
     * secp256r1, secp384r1 first, then secp521r1, x448 and the ffdhe groups), and only
     * {@code -Djdk.tls.namedGroups=x25519,secp256r1,secp384r1} (JVM-wide) restricts it.
     *
     * @param parameters the parameters to change (and return)
     * @return {@code parameters}
     */
    public static SSLParameters applyNamedGroups(SSLParameters parameters) {
        if (SET_NAMED_GROUPS != null && operatorNamedGroups() == null) {
            try {
                SET_NAMED_GROUPS.invoke(parameters, (Object) NAMED_GROUPS.toArray(new String[0]));
            } catch (ReflectiveOperationException e) {
                // The runtime's default order applies; it is a preference, not a security property.
            }
        }
        return parameters;
    }

    /**
     * Returns the groups a certmagic server offers where it can choose: the operator's
     * {@value #NAMED_GROUPS_PROPERTY} when set, else {@link #NAMED_GROUPS}. For servers (Tomcat on Java 20+) that
     * set the groups of every connection themselves and would otherwise set all the JDK knows.
     *
     * @return the group names, most preferred first
     */
    public static List<String> namedGroups() {
        List<String> operator = operatorNamedGroups();
        return operator != null ? operator : NAMED_GROUPS;
    }

    /**
     * Tells whether the runtime can set the named groups of one connection (Java 20+).
     *
     * @return whether {@code SSLParameters.setNamedGroups} exists
     */
    public static boolean namedGroupsPerConnection() {
        return SET_NAMED_GROUPS != null;
    }

    /** The operator's {@value #NAMED_GROUPS_PROPERTY}, as the JDK reads it (quotes and spaces dropped). */
    private static List<String> operatorNamedGroups() {
        String value = System.getProperty(NAMED_GROUPS_PROPERTY);
        if (value == null) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        for (String group : value.replace("\"", "").split(",")) {
            if (!group.isBlank()) {
                groups.add(group.strip());
            }
        }
        return groups.isEmpty() ? null : List.copyOf(groups);
    }

    /**
     * Configures a server engine: defaults plus the ALPN selector (which is what offers {@code acme-tls/1}).
     *
     * @param engine a server-mode engine, before its handshake
     * @param protocols the ALPN selector
     */
    public static void configure(SSLEngine engine, ApplicationProtocols protocols) {
        engine.setSSLParameters(apply(engine.getSSLParameters(), engine.getSupportedCipherSuites()));
        engine.setHandshakeApplicationProtocolSelector(protocols);
    }

    /**
     * Configures a listening socket with the defaults; the sockets it accepts inherit them. ALPN selection is
     * per accepted socket: see {@link #configure(SSLSocket, ApplicationProtocols)}.
     *
     * @param serverSocket the server socket
     */
    public static void configure(SSLServerSocket serverSocket) {
        serverSocket.setSSLParameters(apply(serverSocket.getSSLParameters(), serverSocket.getSupportedCipherSuites()));
    }

    /**
     * Configures an accepted socket before its handshake: defaults plus the ALPN selector.
     *
     * @param socket a server-mode socket returned by {@link SSLServerSocket#accept()}
     * @param protocols the ALPN selector
     */
    public static void configure(SSLSocket socket, ApplicationProtocols protocols) {
        socket.setSSLParameters(apply(socket.getSSLParameters(), socket.getSupportedCipherSuites()));
        socket.setHandshakeApplicationProtocolSelector((s, offered) -> protocols.apply(null, offered));
    }

    private static Method findSetNamedGroups() {
        try {
            return SSLParameters.class.getMethod("setNamedGroups", String[].class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /**
     * Returns the suites of {@link #CIPHER_SUITES} that a runtime supports, for diagnostics.
     *
     * @param supportedCipherSuites the runtime's supported suites
     * @return the usable default suites, in preference order
     */
    public static List<String> usableCipherSuites(String[] supportedCipherSuites) {
        List<String> supported = Arrays.asList(supportedCipherSuites);
        List<String> usable = new ArrayList<>();
        for (String suite : CIPHER_SUITES) {
            if (supported.contains(suite)) {
                usable.add(suite);
            }
        }
        return usable;
    }
}

package dev.certmagic.tls;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

import javax.net.ssl.SSLEngine;

/**
 * The ALPN choice of a certmagic server: the server's own protocols in its order of preference (for example
 * {@code h2}, then {@code http/1.1}), plus {@code acme-tls/1} for TLS-ALPN-01 validation. Install it on every
 * {@link SSLEngine} with {@link SSLEngine#setHandshakeApplicationProtocolSelector(BiFunction)}; it replaces the
 * list in {@code SSLParameters}, which is why the server's protocols must be passed in here.
 *
 * <p>RFC 8737 validators offer only {@code acme-tls/1}, and ordinary clients never offer it, so it is chosen
 * whenever it is offered; the key manager then serves a challenge certificate or nothing.
 */
public final class ApplicationProtocols implements BiFunction<SSLEngine, List<String>, String> {

    /** The ALPN protocol of the TLS-ALPN-01 challenge (RFC 8737). */
    public static final String ACME_TLS_1 = "acme-tls/1";

    /** HTTP/2 over TLS. */
    public static final String H2 = "h2";

    /** HTTP/1.1. */
    public static final String HTTP_1_1 = "http/1.1";

    private final List<String> serverProtocols;

    /**
     * Creates a selector.
     *
     * @param serverProtocols the protocols the server speaks, most preferred first; may be empty
     */
    public ApplicationProtocols(List<String> serverProtocols) {
        this.serverProtocols = List.copyOf(Objects.requireNonNull(serverProtocols, "serverProtocols"));
    }

    /**
     * Returns the protocols the server speaks, most preferred first (without {@code acme-tls/1}).
     *
     * @return the server's protocols
     */
    public List<String> serverProtocols() {
        return serverProtocols;
    }

    /**
     * Chooses the protocol for one handshake.
     *
     * @param engine the engine doing the handshake (unused; part of the JSSE callback's signature)
     * @param offered the client's protocols, in the client's order
     * @return {@code acme-tls/1} when offered; else the server's most preferred protocol the client offered;
     *     else the empty string, which tells JSSE to continue without ALPN (a client that offers only unknown
     *     protocols still gets HTTP/1.1, as without ALPN)
     */
    @Override
    public String apply(SSLEngine engine, List<String> offered) {
        if (offered == null || offered.isEmpty()) {
            return "";
        }
        if (offered.contains(ACME_TLS_1)) {
            return ACME_TLS_1;
        }
        for (String protocol : serverProtocols) {
            if (offered.contains(protocol)) {
                return protocol;
            }
        }
        return "";
    }
}

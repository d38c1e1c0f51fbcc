package dev.certmagic.tls;

import java.util.List;

import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;

/**
 * Ties every TLS session to the server name it was made for, so that a session resumes only under that same name.
 *
 * <p>Why: JSSE records a session's server name, and refuses to resume it under another one, only when the server
 * has an {@link SNIMatcher}; without one every session carries "no name" and a TLS 1.2 session (by session ID or
 * ticket) made for {@code a.example} resumes under SNI {@code b.example}, an unknown on-demand name, or no SNI at
 * all, bypassing the key manager that would have chosen another certificate (or refused). The matcher installed
 * here accepts every host name (the key manager decides what is served; a server-side SNI refusal would only
 * replace the key manager's clean failure with an {@code unrecognized_name} alert), so its only effect is that the
 * name is recorded and compared on resumption. Same-name resumption is unchanged.
 *
 * <p>Limit (JDK 17 and 25): JSSE compares names only when the resuming ClientHello carries SNI, and calls no
 * application code on a resumed handshake, so a client that offers a session without any SNI still resumes it.
 * Only the client that completed the full handshake for that name holds the session's secret, and a client without
 * SNI would otherwise get the default certificate, so this admits no one new; it is documented, not fixed.
 */
public final class ServerNameSessions {

    private static final List<SNIMatcher> ANY_HOST_NAME = List.of(new AnyHostName());

    private ServerNameSessions() {
    }

    /**
     * Installs the host-name matcher in parameters.
     *
     * @param parameters the parameters of a server engine or socket (changed and returned)
     * @return {@code parameters}
     */
    public static SSLParameters bind(SSLParameters parameters) {
        parameters.setSNIMatchers(ANY_HOST_NAME);
        return parameters;
    }

    /**
     * Installs the host-name matcher on a server engine, keeping its other parameters.
     *
     * @param engine a server-mode engine, before its handshake
     */
    public static void bind(SSLEngine engine) {
        engine.setSSLParameters(bind(engine.getSSLParameters()));
    }

    /** Matches every SNI host name: selection stays with the key manager. */
    private static final class AnyHostName extends SNIMatcher {

        AnyHostName() {
            super(StandardConstants.SNI_HOST_NAME);
        }

        @Override
        public boolean matches(SNIServerName serverName) {
            return true;
        }
    }
}

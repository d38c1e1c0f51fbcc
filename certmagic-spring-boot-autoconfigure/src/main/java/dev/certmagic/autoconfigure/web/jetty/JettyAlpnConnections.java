package dev.certmagic.autoconfigure.web.jetty;

import java.util.List;

import dev.certmagic.tls.ApplicationProtocols;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;

/**
 * The connection factories of an HTTP/2 TLS connector on Jetty: ALPN, {@code h2}, and {@code acme-tls/1}.
 * Jetty's ALPN processor picks the first of the server's protocols that the client offered and fails the
 * handshake when there is none, so {@code acme-tls/1} must be one of them; it comes last, which is harmless
 * because browsers never offer it and validators offer nothing else. Kept apart so that Jetty's HTTP/2 and ALPN
 * classes are loaded only when HTTP/2 is enabled.
 */
final class JettyAlpnConnections {

    private JettyAlpnConnections() {
    }

    /**
     * Creates the factories to place between the TLS factory and the HTTP/1.1 factory.
     *
     * @param httpConfiguration the HTTPS connector's configuration
     * @return ALPN (the TLS factory's next protocol), h2 and acme-tls/1 factories
     */
    static List<ConnectionFactory> create(HttpConfiguration httpConfiguration) {
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(ApplicationProtocols.H2,
                ApplicationProtocols.HTTP_1_1, ApplicationProtocols.ACME_TLS_1);
        alpn.setDefaultProtocol(ApplicationProtocols.HTTP_1_1);
        return List.of(alpn, new HTTP2ServerConnectionFactory(httpConfiguration), new AcmeTlsConnectionFactory());
    }
}

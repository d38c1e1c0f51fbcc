package dev.certmagic.autoconfigure.web.jetty;

import dev.certmagic.tls.ApplicationProtocols;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;

/**
 * The {@code acme-tls/1} protocol for Jetty's ALPN negotiation (RFC 8737). A TLS-ALPN-01 validator only checks
 * the certificate presented in the handshake and sends no application data, so once the handshake is done the
 * connection is closed.
 */
final class AcmeTlsConnectionFactory extends AbstractConnectionFactory {

    AcmeTlsConnectionFactory() {
        super(ApplicationProtocols.ACME_TLS_1);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new ClosingConnection(endPoint, connector), connector, endPoint);
    }

    /** Closes as soon as it is opened: the handshake, all RFC 8737 asks for, is already complete. */
    private static final class ClosingConnection extends AbstractConnection {

        ClosingConnection(EndPoint endPoint, Connector connector) {
            super(endPoint, connector.getExecutor());
        }

        @Override
        public void onOpen() {
            super.onOpen();
            getEndPoint().close();
        }

        @Override
        public void onFillable() {
            getEndPoint().close();
        }
    }
}

package dev.certmagic.autoconfigure.web.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.certmagic.tls.ApplicationProtocols;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.BufferUtil;

/**
 * The {@code acme-tls/1} protocol for Jetty's ALPN negotiation (RFC 8737). A TLS-ALPN-01 validator only checks
 * the certificate presented in the handshake and sends no application data; the connection only waits for the
 * validator to close it.
 */
final class AcmeTlsConnectionFactory extends AbstractConnectionFactory {

    AcmeTlsConnectionFactory() {
        super(ApplicationProtocols.ACME_TLS_1);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new DrainingConnection(endPoint, connector), connector, endPoint);
    }

    /**
     * Waits for the validator to close. Closing first would race the client's TLS 1.3 Finished message (Jetty
     * switches to this connection as soon as ALPN is chosen, before the handshake ends) and fail the
     * validation; reading drives the handshake to its end. Any application data is unexpected and ends the
     * connection; a silent client is dropped by the connector's idle timeout.
     */
    private static final class DrainingConnection extends AbstractConnection {

        private static final int BUFFER_SIZE = 512;

        DrainingConnection(EndPoint endPoint, Connector connector) {
            super(endPoint, connector.getExecutor());
        }

        @Override
        public void onOpen() {
            super.onOpen();
            fillInterested();
        }

        @Override
        public void onFillable() {
            ByteBuffer buffer = BufferUtil.allocate(BUFFER_SIZE);
            try {
                int filled = getEndPoint().fill(buffer);
                if (filled == 0) {
                    fillInterested();
                    return;
                }
            }
            catch (IOException ex) {
                // The peer went away: nothing left to do but close.
            }
            getEndPoint().close();
        }
    }
}

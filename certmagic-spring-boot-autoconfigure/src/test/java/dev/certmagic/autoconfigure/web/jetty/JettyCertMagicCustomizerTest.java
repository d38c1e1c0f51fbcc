package dev.certmagic.autoconfigure.web.jetty;

import java.net.InetAddress;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import dev.certmagic.autoconfigure.web.CertMagicWebServerContractTest;
import dev.certmagic.autoconfigure.web.HttpListener;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/**
 * The certmagic web-server contract on a real Jetty 12 bound to loopback.
 */
class JettyCertMagicCustomizerTest extends CertMagicWebServerContractTest {

    @Override
    protected Started start(Supplier<SSLContext> sslContext, HttpListener httpListener, boolean http2,
            ServletContextInitializer... initializers) {
        JettyServletWebServerFactory factory = new JettyServletWebServerFactory(0);
        factory.setAddress(InetAddress.getLoopbackAddress());
        Http2 h2 = new Http2();
        h2.setEnabled(http2);
        factory.setHttp2(h2);
        new JettyCertMagicCustomizer(sslContext, httpListener).customize(factory);
        JettyWebServer server = (JettyWebServer) factory.getWebServer(initializers);
        server.start();
        int httpsPort = -1;
        int httpPort = -1;
        for (Connector connector : server.getServer().getConnectors()) {
            ServerConnector serverConnector = (ServerConnector) connector;
            if (serverConnector.getConnectionFactory(SslConnectionFactory.class) != null) {
                httpsPort = serverConnector.getLocalPort();
            }
            else {
                httpPort = serverConnector.getLocalPort();
            }
        }
        return new Started(server, httpsPort, httpPort);
    }
}

package dev.certmagic.autoconfigure.web.tomcat;

import java.net.InetAddress;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import dev.certmagic.autoconfigure.web.CertMagicWebServerContractTest;
import dev.certmagic.autoconfigure.web.HttpListener;
import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/**
 * The certmagic web-server contract on a real Tomcat 11 bound to loopback.
 */
class TomcatCertMagicCustomizerTest extends CertMagicWebServerContractTest {

    @Override
    protected Started start(Supplier<SSLContext> sslContext, HttpListener httpListener, boolean http2,
            ServletContextInitializer... initializers) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(InetAddress.getLoopbackAddress());
        Http2 h2 = new Http2();
        h2.setEnabled(http2);
        factory.setHttp2(h2);
        new TomcatCertMagicCustomizer(sslContext, httpListener).customize(factory);
        TomcatWebServer server = (TomcatWebServer) factory.getWebServer(initializers);
        server.start();
        int httpsPort = -1;
        int httpPort = -1;
        for (Connector connector : server.getTomcat().getService().findConnectors()) {
            if (connector.getSecure()) {
                httpsPort = connector.getLocalPort();
            }
            else {
                httpPort = connector.getLocalPort();
            }
        }
        return new Started(server, httpsPort, httpPort);
    }
}

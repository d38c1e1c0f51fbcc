package dev.certmagic.autoconfigure.web.jetty;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import dev.certmagic.autoconfigure.web.HttpListener;
import dev.certmagic.autoconfigure.web.ServerTls;
import dev.certmagic.tls.ApplicationProtocols;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

import org.springframework.boot.jetty.JettyServerCustomizer;

/**
 * Rewires the connector Boot created for {@code server.port} into a TLS connector fed by certmagic's JSSE
 * context (keeping its host, port, thread settings and HTTP configuration), and adds the plain-HTTP connector.
 * Runs when Boot builds the Jetty server, after {@code server.http2.enabled} is final.
 */
final class JettyHttpsServerCustomizer implements JettyServerCustomizer {

    private final Supplier<SSLContext> sslContext;

    private final HttpListener httpListener;

    private final BooleanSupplier http2;

    JettyHttpsServerCustomizer(Supplier<SSLContext> sslContext, HttpListener httpListener, BooleanSupplier http2) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.httpListener = Objects.requireNonNull(httpListener, "httpListener");
        this.http2 = Objects.requireNonNull(http2, "http2");
    }

    @Override
    public void customize(Server server) {
        ServerConnector main = mainConnector(server);
        HttpConnectionFactory http11 = main.getConnectionFactory(HttpConnectionFactory.class);
        if (http11 == null) {
            throw new IllegalStateException("certmagic expects an HTTP/1.1 connector on server.port");
        }
        HttpConfiguration httpsConfiguration = http11.getHttpConfiguration();
        HttpConfiguration plainConfiguration = new HttpConfiguration(httpsConfiguration);
        httpsConfiguration.addCustomizer(secureRequestCustomizer());
        boolean h2 = http2.getAsBoolean();
        CertMagicSslContextFactory tls = new CertMagicSslContextFactory(sslContext,
                ServerTls.applicationProtocols(h2));
        List<ConnectionFactory> factories = new ArrayList<>();
        if (h2) {
            List<ConnectionFactory> alpn = JettyAlpnConnections.create(httpsConfiguration);
            factories.add(new SslConnectionFactory(tls, alpn.get(0).getProtocol()));
            factories.addAll(alpn);
        }
        else {
            factories.add(new SslConnectionFactory(tls, ApplicationProtocols.HTTP_1_1));
        }
        factories.add(http11);
        main.setConnectionFactories(factories);
        main.setDefaultProtocol(factories.get(0).getProtocol());
        if (httpListener.enabled()) {
            server.addConnector(plainConnector(server, plainConfiguration));
        }
    }

    private static ServerConnector mainConnector(Server server) {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                return serverConnector;
            }
        }
        throw new IllegalStateException("certmagic found no Jetty ServerConnector for server.port");
    }

    /**
     * Marks requests secure and exposes TLS details. Jetty's SNI host check reads the certificate its own key
     * manager stored in the session; certmagic's key manager already chose the certificate by SNI, so the
     * check is off (it would answer every request with 400).
     */
    private static SecureRequestCustomizer secureRequestCustomizer() {
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        customizer.setSniRequired(false);
        return customizer;
    }

    private ServerConnector plainConnector(Server server, HttpConfiguration configuration) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(configuration));
        connector.setPort(httpListener.port());
        if (httpListener.address() != null) {
            connector.setHost(httpListener.address().getHostAddress());
        }
        return connector;
    }
}

package dev.certmagic.autoconfigure.web.tomcat;

import java.nio.charset.Charset;
import java.util.Objects;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import dev.certmagic.autoconfigure.web.HttpListener;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;

import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Wires certmagic into Tomcat 11: the main connector ({@code server.port}) serves HTTPS from certmagic's JSSE
 * context (TLS 1.2+, ALPN that prefers {@code h2} when HTTP/2 is on and grants {@code acme-tls/1}), and a plain
 * HTTP connector is added for HTTP-01 and redirects. Runs last, after Boot's own customizers.
 *
 * <p>Boot's {@code server.ssl.*} must not be set together with this customizer: it replaces the TLS
 * configuration of the main connector.
 */
public final class TomcatCertMagicCustomizer
        implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final Supplier<SSLContext> sslContext;

    private final HttpListener httpListener;

    private final Runnable onCustomized;

    /**
     * Creates the customizer.
     *
     * @param sslContext supplies certmagic's initialized JSSE context (its key manager selects certificates
     *     by SNI); asked when Tomcat creates a TLS engine, so the certificate manager may start later
     * @param httpListener where the plain-HTTP connector listens, or a disabled listener for none
     */
    public TomcatCertMagicCustomizer(Supplier<SSLContext> sslContext, HttpListener httpListener) {
        this(sslContext, httpListener, () -> { });
    }

    /**
     * Creates the customizer that reports when it wired a factory, so that an unwired server is detected.
     *
     * @param sslContext as in {@link #TomcatCertMagicCustomizer(Supplier, HttpListener)}
     * @param httpListener where the plain-HTTP connector listens, or a disabled listener for none
     * @param onCustomized run after each factory this customizer wired
     */
    public TomcatCertMagicCustomizer(Supplier<SSLContext> sslContext, HttpListener httpListener,
            Runnable onCustomized) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.httpListener = Objects.requireNonNull(httpListener, "httpListener");
        this.onCustomized = Objects.requireNonNull(onCustomized, "onCustomized");
    }

    /**
     * Installs the HTTPS connector customizer and adds the plain-HTTP connector.
     *
     * @param factory Boot's Tomcat factory
     */
    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(new TomcatHttpsConnectorCustomizer(sslContext));
        if (httpListener.enabled()) {
            factory.addAdditionalConnectors(httpConnector(factory));
        }
        onCustomized.run();
    }

    /**
     * Runs after Boot's customizers, which set the port, address and HTTP/2 this one builds on.
     *
     * @return the lowest precedence
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private Connector httpConnector(TomcatServletWebServerFactory factory) {
        Connector connector = new Connector(TomcatWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(httpListener.port());
        if (httpListener.address() != null
                && connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
            protocol.setAddress(httpListener.address());
        }
        Charset uriEncoding = factory.getUriEncoding();
        if (uriEncoding != null) {
            connector.setURIEncoding(uriEncoding.name());
        }
        return connector;
    }
}

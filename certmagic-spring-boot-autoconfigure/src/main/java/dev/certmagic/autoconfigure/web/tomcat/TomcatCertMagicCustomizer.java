package dev.certmagic.autoconfigure.web.tomcat;

import java.nio.charset.Charset;
import java.util.Objects;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.certmagic.autoconfigure.web.HttpListener;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;

import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Wires certmagic into Tomcat 11: the main connector ({@code server.port}) serves HTTPS from certmagic's TLS
 * context, the JDK's JSSE or BoringSSL through Conscrypt ({@link TomcatTlsEngine}) (TLS 1.2+, ALPN that prefers
 * {@code h2} when HTTP/2 is on and grants {@code acme-tls/1}), and a plain
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

    private final TomcatTlsEngine engine;

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
        this(sslContext, TomcatTlsEngine.JSSE, httpListener, onCustomized);
    }

    /**
     * Creates the customizer for a given TLS engine.
     *
     * @param sslContext as in {@link #TomcatCertMagicCustomizer(Supplier, HttpListener)}, made by that engine (for
     *     {@link TomcatTlsEngine#CONSCRYPT}: see {@link #conscryptContext(Supplier)})
     * @param engine the engine behind the context
     * @param httpListener where the plain-HTTP connector listens, or a disabled listener for none
     * @param onCustomized run after each factory this customizer wired
     */
    public TomcatCertMagicCustomizer(Supplier<SSLContext> sslContext, TomcatTlsEngine engine,
            HttpListener httpListener, Runnable onCustomized) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.httpListener = Objects.requireNonNull(httpListener, "httpListener");
        this.onCustomized = Objects.requireNonNull(onCustomized, "onCustomized");
    }

    /**
     * Supplies a Conscrypt context over certmagic's key manager, created on first use and then reused (one
     * context, so one session cache, for the connector's life).
     *
     * @param keyManager supplies the manager's key manager ({@code CertificateManager.keyManager()})
     * @return the supplier, for {@link TomcatTlsEngine#CONSCRYPT}
     */
    public static Supplier<SSLContext> conscryptContext(Supplier<X509ExtendedKeyManager> keyManager) {
        return new ConscryptContextSupplier(keyManager);
    }

    /**
     * Returns the TLS engine behind the HTTPS connector.
     *
     * @return the engine
     */
    public TomcatTlsEngine engine() {
        return engine;
    }

    /**
     * Installs the HTTPS connector customizer and adds the plain-HTTP connector.
     *
     * @param factory Boot's Tomcat factory
     */
    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(new TomcatHttpsConnectorCustomizer(sslContext, engine));
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

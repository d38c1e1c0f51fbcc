package dev.certmagic.autoconfigure.web.jetty;

import java.util.Objects;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import dev.certmagic.autoconfigure.web.HttpListener;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Wires certmagic into Jetty 12: the main connector ({@code server.port}) serves HTTPS from certmagic's JSSE
 * context (TLS 1.2+, ALPN that prefers {@code h2} when HTTP/2 is on and grants {@code acme-tls/1}), and a plain
 * HTTP connector is added for HTTP-01 and redirects. With {@code server.http2.enabled} the application needs
 * {@code jetty-http2-server} and {@code jetty-alpn-java-server}, as with Boot's own TLS.
 *
 * <p>Boot's {@code server.ssl.*} must not be set together with this customizer: it replaces the connection
 * factories of the main connector.
 */
public final class JettyCertMagicCustomizer
        implements WebServerFactoryCustomizer<JettyServletWebServerFactory>, Ordered {

    private final Supplier<SSLContext> sslContext;

    private final HttpListener httpListener;

    private final Runnable onCustomized;

    /**
     * Creates the customizer.
     *
     * @param sslContext supplies certmagic's initialized JSSE context (its key manager selects certificates
     *     by SNI); asked when the connector starts, so the certificate manager may be built later
     * @param httpListener where the plain-HTTP connector listens, or a disabled listener for none
     */
    public JettyCertMagicCustomizer(Supplier<SSLContext> sslContext, HttpListener httpListener) {
        this(sslContext, httpListener, () -> { });
    }

    /**
     * Creates the customizer that reports when it wired a factory, so that an unwired server is detected.
     *
     * @param sslContext as in {@link #JettyCertMagicCustomizer(Supplier, HttpListener)}
     * @param httpListener where the plain-HTTP connector listens, or a disabled listener for none
     * @param onCustomized run after each factory this customizer wired
     */
    public JettyCertMagicCustomizer(Supplier<SSLContext> sslContext, HttpListener httpListener,
            Runnable onCustomized) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.httpListener = Objects.requireNonNull(httpListener, "httpListener");
        this.onCustomized = Objects.requireNonNull(onCustomized, "onCustomized");
    }

    /**
     * Adds the server customizer that rewires the connectors when Boot builds the server.
     *
     * @param factory Boot's Jetty factory
     */
    @Override
    public void customize(JettyServletWebServerFactory factory) {
        factory.addServerCustomizers(new JettyHttpsServerCustomizer(sslContext, httpListener, () -> {
            Http2 http2 = factory.getHttp2();
            return http2 != null && http2.isEnabled();
        }));
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
}

package dev.certmagic.autoconfigure.web.netty;

import java.util.Objects;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Wires certmagic into Reactor Netty (WebFlux): {@code server.port} serves HTTPS with the certificate chosen per
 * ClientHello ({@link NettyHttpsServerCustomizer}), with {@code h2} by ALPN when {@code server.http2.enabled}.
 * The plain-HTTP port is a separate server ({@link NettyPlainHttpServer}). Runs last, after Boot's own
 * customizers, so that its protocol choice ({@code h2} and HTTP/1.1 over TLS) is the one that stays.
 *
 * <p>Boot's {@code server.ssl.*} must not be set together with this customizer: it replaces the TLS
 * configuration of the server.
 */
public final class NettyCertMagicCustomizer
        implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(NettyCertMagicCustomizer.class);

    private final CertificateSelector selector;

    private final Runnable onCustomized;

    /**
     * Creates the customizer.
     *
     * @param selector chooses the certificate's TLS context per connection
     * @param onCustomized run after each factory this customizer wired, so that an unwired server is detected
     */
    public NettyCertMagicCustomizer(CertificateSelector selector, Runnable onCustomized) {
        this.selector = Objects.requireNonNull(selector, "selector");
        this.onCustomized = Objects.requireNonNull(onCustomized, "onCustomized");
    }

    /**
     * Adds the HTTPS server customizer.
     *
     * @param factory Boot's Reactor Netty factory
     */
    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(new NettyHttpsServerCustomizer(selector, selector.http2()));
        // Which engine serves handshakes is the first thing to know when comparing handshake costs.
        LOG.info("certmagic: Reactor Netty serves HTTPS with {} ({}), ALPN {}",
                selector.provider() == SslProvider.OPENSSL ? OpenSsl.versionString() : "the JDK's TLS",
                NettyTlsEngine.PROPERTY, selector.http2() ? "h2, http/1.1" : "http/1.1");
        onCustomized.run();
    }

    /**
     * Runs after Boot's customizers, whose plain-text protocol choice this one replaces.
     *
     * @return the lowest precedence
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

package dev.certmagic.autoconfigure.web.jetty;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import dev.certmagic.autoconfigure.web.ServerTls;
import dev.certmagic.tls.ServerNameSessions;
import dev.certmagic.tls.TlsDefaults;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's server TLS factory fed with certmagic's JSSE context (taken when the connector starts, so the
 * certificate manager may be built after the server), restricted to TLS 1.2+ and modern suites in the server's
 * order, and to the named groups of {@link TlsDefaults} where the runtime allows it (Java 20+).
 *
 * <p>Each engine also gets the ALPN selector. Without HTTP/2 no ALPN connection factory exists and this
 * selector alone answers ALPN, {@code acme-tls/1} included. With HTTP/2, Jetty's ALPN processor later replaces
 * it with its own, which chooses among the connector's connection factories: that is why
 * {@link JettyAlpnConnections} registers an {@code acme-tls/1} factory.
 */
class CertMagicSslContextFactory extends SslContextFactory.Server {

    private final Supplier<SSLContext> sslContext;

    private final BiFunction<SSLEngine, List<String>, String> alpnSelector;

    CertMagicSslContextFactory(Supplier<SSLContext> sslContext,
            BiFunction<SSLEngine, List<String>, String> alpnSelector) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.alpnSelector = Objects.requireNonNull(alpnSelector, "alpnSelector");
        setIncludeProtocols(ServerTls.protocols().toArray(String[]::new));
        setIncludeCipherSuites(ServerTls.cipherSuites().toArray(String[]::new));
        setRenegotiationAllowed(false);
        setUseCipherSuitesOrder(true); // Jetty's default too; the server's suite order is part of our contract
    }

    @Override
    protected void doStart() throws Exception {
        setSslContext(Objects.requireNonNull(sslContext.get(), "certmagic SSLContext"));
        super.doStart();
    }

    @Override
    public void customize(SSLEngine engine) {
        super.customize(engine);
        ServerNameSessions.bind(engine);
        engine.setSSLParameters(TlsDefaults.applyNamedGroups(engine.getSSLParameters()));
        engine.setHandshakeApplicationProtocolSelector(alpnSelector);
    }
}

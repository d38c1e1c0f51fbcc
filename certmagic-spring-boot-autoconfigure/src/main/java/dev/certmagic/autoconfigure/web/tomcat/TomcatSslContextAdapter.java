package dev.certmagic.autoconfigure.web.tomcat;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

import org.apache.tomcat.util.net.SSLContext;

import dev.certmagic.tls.ServerNameSessions;

/**
 * Hands Tomcat a JSSE {@link javax.net.ssl.SSLContext} that certmagic owns (its key manager picks the
 * certificate per SNI), and installs the ALPN selector on every engine Tomcat creates from it. Tomcat sets
 * protocols, suites and its own ALPN list on the engine afterwards; the selector, once set, takes precedence
 * over that list in JSSE, which is what lets {@code acme-tls/1} through. Conscrypt's engines take the same selector
 * (it wins over the list there too).
 *
 * <p>Tomcat never initializes or destroys a context it was given: the certificate manager owns its lifecycle.
 */
final class TomcatSslContextAdapter implements SSLContext {

    private static final X509Certificate[] NONE = new X509Certificate[0];

    private final Supplier<javax.net.ssl.SSLContext> context;

    private final BiFunction<SSLEngine, List<String>, String> alpnSelector;

    /**
     * Creates the adapter.
     *
     * @param context supplies the initialized JSSE context, asked for each new engine
     * @param alpnSelector the selector installed on every engine
     */
    TomcatSslContextAdapter(Supplier<javax.net.ssl.SSLContext> context,
            BiFunction<SSLEngine, List<String>, String> alpnSelector) {
        this.context = Objects.requireNonNull(context, "context");
        this.alpnSelector = Objects.requireNonNull(alpnSelector, "alpnSelector");
    }

    @Override
    public void init(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random) {
        // The supplied context is initialized by its owner.
    }

    @Override
    public void destroy() {
        // The supplied context belongs to the certificate manager, which outlives a connector restart.
    }

    @Override
    public SSLSessionContext getServerSessionContext() {
        return context.get().getServerSessionContext();
    }

    @Override
    public SSLEngine createSSLEngine() {
        SSLEngine engine = context.get().createSSLEngine();
        // Tomcat later changes suites and protocols through get/setSSLParameters, which keeps the matcher.
        ServerNameSessions.bind(engine);
        engine.setHandshakeApplicationProtocolSelector(alpnSelector);
        return engine;
    }

    @Override
    public SSLServerSocketFactory getServerSocketFactory() {
        return context.get().getServerSocketFactory();
    }

    @Override
    public SSLParameters getSupportedSSLParameters() {
        return context.get().getSupportedSSLParameters();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        // Certificates change at run time and are chosen per handshake; there is no fixed chain to report.
        return NONE;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NONE;
    }
}

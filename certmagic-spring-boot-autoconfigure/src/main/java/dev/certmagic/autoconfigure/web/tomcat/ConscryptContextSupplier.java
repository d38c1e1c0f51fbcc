package dev.certmagic.autoconfigure.web.tomcat;

import java.util.Objects;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.certmagic.internal.tls.SniKeyManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the Conscrypt context of Tomcat's HTTPS connector on first use (when Tomcat creates the first engine,
 * so the certificate manager may start later) and hands out that one context afterwards: one session cache, and
 * the context's setup cost paid once. Unlike {@code CertificateManager.sslContext()}, it sets no JVM-wide
 * {@code jdk.tls.*} property: those are JSSE's.
 */
final class ConscryptContextSupplier implements Supplier<SSLContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ConscryptContextSupplier.class);

    private final Supplier<X509ExtendedKeyManager> keyManager;

    private final Object lock = new Object();

    private volatile SSLContext context;

    ConscryptContextSupplier(Supplier<X509ExtendedKeyManager> keyManager) {
        this.keyManager = Objects.requireNonNull(keyManager, "keyManager");
    }

    @Override
    public SSLContext get() {
        SSLContext current = context;
        if (current == null) {
            synchronized (lock) {
                current = context;
                if (current == null) {
                    current = ConscryptContexts.sslContext(new ClientHelloAlpnKeyManager(sniKeyManager()));
                    LOG.info("Tomcat HTTPS served by BoringSSL through Conscrypt {} (certmagic.tls.provider=boringssl); "
                            + "no OCSP staples on this engine", ConscryptContexts.version());
                    context = current;
                }
            }
        }
        return current;
    }

    private SniKeyManager sniKeyManager() {
        X509ExtendedKeyManager manager = keyManager.get();
        if (manager instanceof SniKeyManager sni) {
            return sni;
        }
        throw new IllegalStateException("certmagic.tls.provider=boringssl needs certmagic's own key manager, found "
                + manager.getClass().getName());
    }
}

package dev.certmagic.autoconfigure.web.netty;

import java.util.Objects;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;

import dev.certmagic.CertificateManager;
import dev.certmagic.CertificateManagerView;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import org.jspecify.annotations.Nullable;

/**
 * OCSP stapling ({@code certmagic.ocsp.stapling=true}) on Reactor Netty, for each TLS engine.
 *
 * <p>BoringSSL: the contexts are built with OCSP enabled, and every new engine gets the current staple of its
 * certificate ({@code ManagedCertificate#ocspStaple()}, the manager's validated response) before the handshake.
 * Read per engine, so a refreshed staple is served from the next handshake on without rebuilding the context;
 * BoringSSL sends it only to clients that ask ({@code status_request}).
 *
 * <p>JDK: Netty's JDK contexts are plain JSSE {@code SSLContext}s, so JSSE's own server-side stapling applies as on
 * Tomcat and Jetty. It is switched on by JVM-wide system properties (pointing JSSE at the manager's loopback staple
 * endpoint) that the manager sets when its {@code sslContext()} is first asked for; {@link #beforeContexts} asks
 * for it once, before the first Netty context is created, since a JSSE context reads them when it is created.
 */
final class NettyOcspStapling {

    private final Supplier<CertificateManager> manager;

    private final SslProvider provider;

    private final boolean enabled;

    private final boolean ocspContexts;

    private volatile @Nullable CertificateManagerView view;

    private volatile boolean jsseReady;

    /**
     * Creates the stapling step.
     *
     * @param manager supplies the certificate manager (asked lazily, as the selector does)
     * @param provider the TLS implementation
     * @param enabled {@code certmagic.ocsp.stapling}
     */
    NettyOcspStapling(Supplier<CertificateManager> manager, SslProvider provider, boolean enabled) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.enabled = enabled;
        this.ocspContexts = contextsNeedOcsp();
    }

    /**
     * Tells whether certificate contexts must be built with OCSP enabled (BoringSSL with stapling on).
     *
     * @return {@code true} when {@link SslContext}s need {@code enableOcsp(true)}
     */
    boolean contextsNeedOcsp() {
        // An OpenSSL without OCSP support (not BoringSSL) would refuse every context: serve without staples then.
        return enabled && provider != SslProvider.JDK && OpenSsl.isOcspSupported();
    }

    /**
     * Prepares JSSE before a Netty JDK context is created: has the manager set its stapling system properties.
     * Call it on the slow path only (the first call may start the loopback staple endpoint).
     */
    void beforeContexts() {
        if (!enabled || provider != SslProvider.JDK || jsseReady) {
            return;
        }
        manager.get().sslContext();
        jsseReady = true;
    }

    /**
     * Sets the current staple of the context's certificate on a new BoringSSL engine (server mode, before its
     * handshake). Does nothing for the JDK's engines, challenge contexts and certificates without a staple.
     *
     * @param engine the engine just created from {@code context}
     * @param alias the cache alias of the certificate {@code context} serves, or {@code null} for none
     */
    void attach(SSLEngine engine, @Nullable String alias) {
        if (!ocspContexts || alias == null || !(engine instanceof ReferenceCountedOpenSslEngine openSsl)) {
            return;
        }
        byte[] staple = view().byAlias(alias).map((certificate) -> certificate.ocspStaple()).orElse(null);
        if (staple != null) {
            openSsl.setOcspResponse(staple);
        }
    }

    private CertificateManagerView view() {
        CertificateManagerView current = view;
        if (current == null) {
            current = manager.get().view();
            view = current;
        }
        return current;
    }
}

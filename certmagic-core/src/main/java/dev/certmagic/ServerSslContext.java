package dev.certmagic;

import javax.net.ssl.SSLContext;

import dev.certmagic.internal.ocsp.OcspMaintenance;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.internal.tls.SystemPropertyChanges;
import dev.certmagic.tls.TlsDefaults;

/**
 * The manager's one {@link SSLContext}, created on first use, and the JVM-wide {@code jdk.tls.*} properties set
 * before creating it (JSSE reads them only from there), which {@link #restoreJvmProperties()} puts back when the
 * manager closes. See {@link CertificateManager#sslContext()} for the contract.
 */
final class ServerSslContext {

    private final OcspMaintenance ocsp;
    private final SniKeyManager keyManager;
    private final Object lock = new Object();
    /** The JVM-wide {@code jdk.tls.*} properties set for the context; put back on close. */
    private final SystemPropertyChanges jvmProperties = new SystemPropertyChanges();
    private volatile SSLContext context;

    ServerSslContext(OcspMaintenance ocsp, SniKeyManager keyManager) {
        this.ocsp = ocsp;
        this.keyManager = keyManager;
    }

    /** Returns the context, creating it (and setting the JVM-wide properties) on the first call. */
    SSLContext get() {
        SSLContext current = context;
        if (current == null) {
            synchronized (lock) {
                current = context;
                if (current == null) {
                    ocsp.startStaplingEndpoint(jvmProperties);
                    jvmProperties.setIfUnset(TlsDefaults.SERVER_SESSION_TICKETS, "false");
                    current = TlsDefaults.sslContext(keyManager);
                    context = current;
                }
            }
        }
        return current;
    }

    /** Puts each property the context set back to its previous value; a context already created keeps its own. */
    void restoreJvmProperties() {
        jvmProperties.restore();
    }
}

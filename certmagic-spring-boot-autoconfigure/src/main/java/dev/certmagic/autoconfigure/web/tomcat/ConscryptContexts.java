package dev.certmagic.autoconfigure.web.tomcat;

import java.security.GeneralSecurityException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.conscrypt.Conscrypt;

/**
 * The only class of the Tomcat wiring that names Conscrypt's API, so that the rest loads without Conscrypt on the
 * class path: callers check {@link TomcatTlsEngine#CONSCRYPT_CLASS} first.
 *
 * <p>The context comes from a provider instance of its own ({@link Conscrypt#newProvider()}), asked for directly:
 * the JVM's security providers, their order, and every other {@code SSLContext.getInstance("TLS")} in the
 * application stay as they were.
 */
final class ConscryptContexts {

    private ConscryptContexts() {
    }

    /**
     * Tells whether Conscrypt can serve handshakes here.
     *
     * @return {@code true} when its native library (BoringSSL) loaded for this platform
     */
    static boolean available() {
        try {
            return Conscrypt.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * Says why {@link #available()} is {@code false}, for the startup failure.
     *
     * @return the cause as one line
     */
    static String unavailabilityCause() {
        try {
            Conscrypt.checkAvailability();
            return "it loaded";
        } catch (Throwable e) {
            // checkAvailability rethrows the native library's load failure, an Error.
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /**
     * Builds a server context over a key manager.
     *
     * @param keyManager certmagic's key manager (wrapped for Conscrypt's certificate-before-ALPN order)
     * @return an initialized Conscrypt context (default trust managers: the server asks for no client certificate)
     * @throws IllegalStateException if Conscrypt cannot create it
     */
    static SSLContext sslContext(X509ExtendedKeyManager keyManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS", Conscrypt.newProvider());
            // Conscrypt draws its randomness from BoringSSL, not from a SecureRandom passed here.
            context.init(new KeyManager[] {keyManager}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a Conscrypt TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Tells whether an engine is Conscrypt's, for tests and diagnostics.
     *
     * @param engine an engine
     * @return whether Conscrypt made it
     */
    static boolean isConscrypt(SSLEngine engine) {
        return Conscrypt.isConscrypt(engine);
    }

    /**
     * Returns Conscrypt's version, for the startup log.
     *
     * @return e.g. {@code 2.5.2}
     */
    static String version() {
        Conscrypt.Version version = Conscrypt.version();
        return version == null ? "unknown" : version.major() + "." + version.minor() + "." + version.patch();
    }
}

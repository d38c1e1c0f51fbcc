package dev.certmagic.autoconfigure.web.tomcat;

import java.util.Locale;
import java.util.function.Supplier;

import dev.certmagic.autoconfigure.CertMagicConfigurationException;

import org.springframework.util.ClassUtils;

/**
 * The TLS implementation behind Tomcat's HTTPS connector, chosen from {@code certmagic.tls.provider}: the JDK's
 * JSSE, or BoringSSL through Conscrypt ({@code org.conscrypt:conscrypt-openjdk-uber}) in an {@code SSLContext} of
 * its own. No JVM-wide security provider is added or reordered either way.
 *
 * <p>{@code auto} stays on JSSE on Tomcat, unlike on Reactor Netty: Conscrypt is often on a class path for other
 * reasons (gRPC and OkHttp clients bring it), so its presence does not say that the server should change engine,
 * and the Conscrypt path does not yet do everything the JSSE one does (no OCSP staples: Conscrypt 2.5 has no
 * public API to staple a response per certificate). {@code boringssl} is the explicit choice.
 */
public enum TomcatTlsEngine {

    /** The JDK's JSSE: certmagic's {@code CertificateManager.sslContext()}. */
    JSSE,

    /** BoringSSL through Conscrypt, with certmagic's key manager. */
    CONSCRYPT;

    /** The property that chooses, as users write it. */
    public static final String PROPERTY = "certmagic.tls.provider";

    /** The class whose presence means Conscrypt's jar is on the class path. */
    static final String CONSCRYPT_CLASS = "org.conscrypt.Conscrypt";

    /**
     * Resolves the engine for what this JVM has.
     *
     * @param wanted {@code auto}, {@code jdk} or {@code boringssl} (case-insensitive)
     * @param stapling whether {@code certmagic.ocsp.stapling} is on
     * @param classLoader where to look for Conscrypt (the application's)
     * @return the engine
     * @throws CertMagicConfigurationException for {@code boringssl} when Conscrypt is missing or its native library
     *     does not load, or together with OCSP stapling; the message names the property and the fix
     */
    public static TomcatTlsEngine resolve(String wanted, boolean stapling, ClassLoader classLoader) {
        boolean present = ClassUtils.isPresent(CONSCRYPT_CLASS, classLoader);
        return resolve(wanted, stapling, present && ConscryptContexts.available(),
                () -> present ? ConscryptContexts.unavailabilityCause() : "org.conscrypt is not on the class path");
    }

    /**
     * The decision itself: separate so that the refusal can be tested in a JVM that does have Conscrypt.
     *
     * @param wanted {@code auto}, {@code jdk} or {@code boringssl} (case-insensitive)
     * @param stapling whether {@code certmagic.ocsp.stapling} is on
     * @param conscrypt whether Conscrypt is on the class path and its native library loads
     * @param cause why Conscrypt is unavailable, asked only for the failure message
     * @return the engine
     */
    static TomcatTlsEngine resolve(String wanted, boolean stapling, boolean conscrypt, Supplier<String> cause) {
        switch (wanted.toLowerCase(Locale.ROOT)) {
            case "jdk":
            case "auto":
                return JSSE;
            case "boringssl":
                if (!conscrypt) {
                    throw new CertMagicConfigurationException(PROPERTY + "=boringssl, but Tomcat cannot use BoringSSL: "
                            + "Conscrypt is not available (" + cause.get() + ").",
                            "Add the dependency org.conscrypt:conscrypt-openjdk-uber (2.5.2), or set " + PROPERTY
                                    + "=jdk (or auto) to serve with the JDK's TLS.");
                }
                if (stapling) {
                    // Conscrypt 2.5 staples only a response set on the engine before the handshake, through a
                    // non-public method, and the certificate is chosen during the handshake: no staple would be sent.
                    throw new CertMagicConfigurationException(PROPERTY + "=boringssl on Tomcat cannot staple OCSP "
                            + "responses, and certmagic.ocsp.stapling=true asks for them.",
                            "Set certmagic.ocsp.stapling=false to serve with BoringSSL without staples, or set "
                                    + PROPERTY + "=jdk (or auto) to staple with the JDK's TLS.");
                }
                return CONSCRYPT;
            default:
                throw new CertMagicConfigurationException(PROPERTY + " must be auto, jdk or boringssl, was " + wanted,
                        "Set " + PROPERTY + " to auto, jdk or boringssl.");
        }
    }
}

package dev.certmagic.autoconfigure.web.netty;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Chooses Netty's TLS implementation from {@code certmagic.tls.provider}: BoringSSL (Netty's {@code OPENSSL}
 * provider over netty-tcnative-boringssl-static) or the JDK's JSSE.
 */
public final class NettyTlsEngine {

    /** The property that chooses, as users write it. */
    public static final String PROPERTY = "certmagic.tls.provider";

    private NettyTlsEngine() {
    }

    /**
     * Resolves the provider.
     *
     * @param wanted {@code auto}, {@code jdk} or {@code boringssl} (case-insensitive)
     * @return {@link SslProvider#OPENSSL} for BoringSSL, {@link SslProvider#JDK} otherwise
     * @throws IllegalStateException for {@code boringssl} when netty-tcnative is missing or does not load, naming
     *     the property and the fix
     */
    public static SslProvider resolve(String wanted) {
        return resolve(wanted, openSslAvailable(), boringSslAvailable(), NettyTlsEngine::unavailabilityCause);
    }

    /**
     * The decision itself, for what this JVM has: separate so that the refusal can be tested in a JVM that does
     * have BoringSSL.
     *
     * @param wanted {@code auto}, {@code jdk} or {@code boringssl} (case-insensitive)
     * @param openSsl whether netty-tcnative loaded an OpenSSL
     * @param boringSsl whether that OpenSSL is BoringSSL
     * @param cause why BoringSSL is unavailable, asked only for the failure message
     * @return the provider
     */
    static SslProvider resolve(String wanted, boolean openSsl, boolean boringSsl,
            java.util.function.Supplier<String> cause) {
        switch (wanted.toLowerCase(java.util.Locale.ROOT)) {
            case "jdk":
                return SslProvider.JDK;
            case "auto":
                // Any OpenSSL netty-tcnative loads (BoringSSL when the static jar is the one present).
                return openSsl ? SslProvider.OPENSSL : SslProvider.JDK;
            case "boringssl":
                if (!boringSsl) {
                    throw new IllegalStateException(PROPERTY + "=boringssl, but BoringSSL is not available ("
                            + cause.get() + "). Add io.netty:netty-tcnative-boringssl-static with the "
                            + "classifier of this platform (e.g. linux-x86_64), or set " + PROPERTY
                            + "=auto to fall back to the JDK's TLS.");
                }
                return SslProvider.OPENSSL;
            default:
                throw new IllegalArgumentException(PROPERTY + " must be auto, jdk or boringssl, was " + wanted);
        }
    }

    /**
     * Tells whether BoringSSL can serve handshakes here.
     *
     * @return {@code true} when netty-tcnative is on the class path and its native library loaded
     */
    public static boolean boringSslAvailable() {
        try {
            return OpenSsl.isAvailable() && OpenSsl.versionString() != null
                    && OpenSsl.versionString().contains("BoringSSL");
        } catch (LinkageError e) {
            // netty-tcnative-classes absent: OpenSsl cannot even initialize.
            return false;
        }
    }

    private static boolean openSslAvailable() {
        try {
            return OpenSsl.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    private static String unavailabilityCause() {
        try {
            Throwable cause = OpenSsl.unavailabilityCause();
            if (cause != null) {
                return cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
            return "an OpenSSL other than BoringSSL was found: " + OpenSsl.versionString();
        } catch (LinkageError e) {
            return "netty-tcnative is not on the class path";
        }
    }
}

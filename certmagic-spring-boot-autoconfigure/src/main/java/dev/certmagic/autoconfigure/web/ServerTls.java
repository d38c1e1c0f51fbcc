package dev.certmagic.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import dev.certmagic.tls.ApplicationProtocols;

/**
 * TLS settings shared by the Tomcat and Jetty wiring: TLS 1.2 and 1.3 only, with forward-secret AEAD suites
 * (Mozilla's "intermediate" profile), and the ALPN selector built from what the server actually speaks.
 */
public final class ServerTls {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final List<String> TLS13_CIPHER_SUITES = List.of("TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private static final List<String> TLS12_CIPHER_SUITES = List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private ServerTls() {
    }

    /**
     * Returns the TLS protocol versions a certmagic connector enables.
     *
     * @return JSSE protocol names, newest first
     */
    public static List<String> protocols() {
        return PROTOCOLS;
    }

    /**
     * Returns the TLS 1.3 cipher suites a certmagic connector enables.
     *
     * @return JSSE suite names, preferred first
     */
    public static List<String> tls13CipherSuites() {
        return TLS13_CIPHER_SUITES;
    }

    /**
     * Returns the TLS 1.2 cipher suites a certmagic connector enables: ECDHE with AES-GCM or ChaCha20 only,
     * so that HTTP/2's cipher blocklist (RFC 9113, appendix A) never rejects a negotiated suite.
     *
     * @return JSSE suite names, preferred first
     */
    public static List<String> tls12CipherSuites() {
        return TLS12_CIPHER_SUITES;
    }

    /**
     * Returns all enabled cipher suites, TLS 1.3 first.
     *
     * @return JSSE suite names
     */
    public static List<String> cipherSuites() {
        List<String> all = new ArrayList<>(TLS13_CIPHER_SUITES);
        all.addAll(TLS12_CIPHER_SUITES);
        return List.copyOf(all);
    }

    /**
     * Builds the ALPN selector for a connector.
     *
     * @param http2 whether the connector speaks HTTP/2; only then may {@code h2} be chosen
     * @return a selector preferring {@code h2} (when enabled), then {@code http/1.1}, and granting
     *     {@code acme-tls/1}
     */
    public static ApplicationProtocols applicationProtocols(boolean http2) {
        return new ApplicationProtocols(http2 ? List.of(ApplicationProtocols.H2, ApplicationProtocols.HTTP_1_1)
                : List.of(ApplicationProtocols.HTTP_1_1));
    }
}

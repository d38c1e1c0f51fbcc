package dev.certmagic.autoconfigure;

/**
 * TLS engine of the servers certmagic wires ({@code certmagic.tls.*}): Reactor Netty (netty-tcnative) and Tomcat
 * (Conscrypt, {@code boringssl} only). Jetty always takes certmagic's JSSE context.
 */
public class TlsProperties {

    /**
     * TLS implementation: auto uses BoringSSL on Reactor Netty (netty-tcnative-boringssl-static) when it is on the
     * class path and loads, else the JDK's, and the JDK's on Tomcat; jdk always uses the JDK's; boringssl requires
     * BoringSSL (Netty: netty-tcnative-boringssl-static; Tomcat: org.conscrypt:conscrypt-openjdk-uber, without OCSP
     * stapling) and fails the startup without it.
     */
    private Provider provider = Provider.AUTO;

    public Provider getProvider() {
        return provider;
    }

    public void setProvider(Provider provider) {
        this.provider = provider;
    }

    /**
     * Which TLS implementation serves handshakes.
     */
    public enum Provider {

        /** On Reactor Netty BoringSSL when netty-tcnative is present and loads, otherwise (and on Tomcat) JSSE. */
        AUTO,

        /** The JDK's JSSE, always. */
        JDK,

        /**
         * BoringSSL through netty-tcnative (Reactor Netty) or Conscrypt (Tomcat); the startup fails when it is
         * missing or does not load.
         */
        BORINGSSL
    }
}

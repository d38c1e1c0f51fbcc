package dev.certmagic.autoconfigure;

/**
 * TLS engine of the servers for which certmagic builds the TLS contexts itself ({@code certmagic.tls.*}): Reactor
 * Netty today. Tomcat and Jetty take certmagic's JSSE context and are not affected.
 */
public class TlsProperties {

    /**
     * TLS implementation: auto uses BoringSSL (netty-tcnative-boringssl-static) when it is on the class path and
     * loads, else the JDK's; jdk always uses the JDK's; boringssl requires BoringSSL and fails the startup without it.
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

        /** BoringSSL when netty-tcnative is present and loads, otherwise the JDK's JSSE. */
        AUTO,

        /** The JDK's JSSE, always. */
        JDK,

        /** BoringSSL through netty-tcnative; the startup fails when it is missing or does not load. */
        BORINGSSL
    }
}

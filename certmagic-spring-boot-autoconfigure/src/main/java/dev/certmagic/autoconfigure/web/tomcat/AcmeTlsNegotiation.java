package dev.certmagic.autoconfigure.web.tomcat;

import java.lang.reflect.Method;

import dev.certmagic.tls.ApplicationProtocols;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;

/**
 * Makes {@code acme-tls/1} one of the ALPN protocols a Tomcat endpoint negotiates, which has two effects that the
 * Conscrypt path relies on:
 * <ul>
 * <li>Tomcat, which reads the ClientHello before it creates the engine, puts {@code acme-tls/1} in the engine's ALPN
 * list exactly when the client offered it, where {@link ClientHelloAlpnKeyManager} can see it before BoringSSL has
 * negotiated ALPN;</li>
 * <li>Tomcat records the protocol each handshake negotiated (it does so only when it has negotiable protocols) and
 * closes an {@code acme-tls/1} connection after the handshake, as RFC 8737 wants, since no upgrade protocol of that
 * name exists.</li>
 * </ul>
 *
 * <p>Tomcat 11 has no public way to add a negotiable protocol other than an {@code UpgradeProtocol}, which would have
 * to process the connection too; {@code AbstractEndpoint.addNegotiatedProtocol} is public but the endpoint is
 * reached through the protected {@code AbstractProtocol.getEndpoint()}, hence one reflective call at startup. If a
 * Tomcat release removes it, the startup fails here rather than leaving TLS-ALPN-01 silently broken.
 */
final class AcmeTlsNegotiation {

    private AcmeTlsNegotiation() {
    }

    /**
     * Adds {@code acme-tls/1} to the protocol's endpoint.
     *
     * @param protocol the HTTPS connector's protocol handler, before it starts
     * @throws IllegalStateException when the endpoint cannot be reached
     */
    static void enable(AbstractProtocol<?> protocol) {
        endpoint(protocol).addNegotiatedProtocol(ApplicationProtocols.ACME_TLS_1);
    }

    private static AbstractEndpoint<?, ?> endpoint(AbstractProtocol<?> protocol) {
        try {
            Method getEndpoint = AbstractProtocol.class.getDeclaredMethod("getEndpoint");
            getEndpoint.setAccessible(true);
            return (AbstractEndpoint<?, ?>) getEndpoint.invoke(protocol);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("certmagic cannot make Tomcat negotiate acme-tls/1 (needed for "
                    + "TLS-ALPN-01 with certmagic.tls.provider=boringssl): " + e, e);
        }
    }
}

package dev.certmagic.autoconfigure.web.tomcat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

import javax.net.ssl.SSLEngine;

import dev.certmagic.tls.ApplicationProtocols;

/**
 * certmagic's ALPN choice on Tomcat engines that choose the certificate before ALPN (Conscrypt): grants
 * {@code acme-tls/1} only when Tomcat saw it in the ClientHello ({@link AcmeTlsOffer}), which is exactly when
 * {@link ClientHelloAlpnKeyManager} chose a challenge certificate (or none). A ClientHello Tomcat could not read
 * (no SNI, or beyond its parse limit) that offers {@code acme-tls/1} got an ordinary certificate, so it gets an
 * ordinary protocol too: {@code acme-tls/1} is never negotiated over a real certificate.
 */
final class AcmeTlsOfferSelector implements BiFunction<SSLEngine, List<String>, String> {

    private final ApplicationProtocols protocols;

    /**
     * Wraps the connector's selector.
     *
     * @param protocols the selector built from the connector's protocols
     */
    AcmeTlsOfferSelector(ApplicationProtocols protocols) {
        this.protocols = Objects.requireNonNull(protocols, "protocols");
    }

    @Override
    public String apply(SSLEngine engine, List<String> offered) {
        if (offered == null || !offered.contains(ApplicationProtocols.ACME_TLS_1) || AcmeTlsOffer.offered(engine)) {
            return protocols.apply(engine, offered);
        }
        List<String> ordinary = new ArrayList<>(offered);
        ordinary.remove(ApplicationProtocols.ACME_TLS_1);
        return protocols.apply(engine, ordinary);
    }
}
